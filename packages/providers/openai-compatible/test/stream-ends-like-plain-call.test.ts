// A streamed call ends the way the same answer does when not streamed: one finish-reason rule and one
// error parser serve both paths.
import { createLLM } from '@core/session';
import { ContextLengthError, type GenerateChunk, type LLM } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
let llm: LLM;
beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model', maxRetries: 0 });
});
afterAll(async () => {
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

const refusalText = "I'm sorry, I can't help with that.";
const usage = { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 };

// The wire as OpenAI sends it: each payload one `data:` event, then `[DONE]`.
function sse(...payloads: unknown[]): string {
  return [...payloads.map((payload) => `data: ${JSON.stringify(payload)}`), 'data: [DONE]', ''].join('\n\n');
}

function delta(fields: Record<string, unknown>, finishReason: string | null = null) {
  return { choices: [{ index: 0, delta: fields, finish_reason: finishReason }] };
}

async function streamed(body: string): Promise<GenerateChunk[]> {
  mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body });
  const chunks: GenerateChunk[] = [];
  for await (const chunk of await llm.agenerate('something disallowed', { stream: true })) chunks.push(chunk);
  return chunks;
}

function completion(message: Record<string, unknown>, finishReason: string): string {
  return JSON.stringify({
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
    usage,
  });
}

async function generated(body: string) {
  mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body });
  return llm.agenerate('something disallowed');
}

describe('a refusal (refusal text, no content text) ends with content_filter, stream or not', () => {
  it('streamed: the refusal text is the content, and the last chunk says content_filter with the raw stop', async () => {
    const chunks = await streamed(
      sse(
        delta({ role: 'assistant', content: null, refusal: '' }),
        delta({ refusal: "I'm sorry," }),
        delta({ refusal: " I can't help with that." }),
        delta({}, 'stop'),
        { choices: [], usage },
      ),
    );
    expect(chunks.map((chunk) => chunk.content).join('')).toBe(refusalText);
    expect(chunks.slice(0, -1).every((chunk) => chunk.finishReason === undefined)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({
      finishReason: 'content_filter',
      rawFinishReason: 'stop',
      usage: { inputTokens: 21, outputTokens: 9, totalTokens: 30 },
    });
  });

  it('non-stream: the same refusal is the content, with content_filter and the raw stop', async () => {
    const response = await generated(completion({ content: null, refusal: refusalText }, 'stop'));
    expect(response).toMatchObject({
      content: refusalText,
      finishReason: 'content_filter',
      rawFinishReason: 'stop',
    });
  });

  it('keeps whatever raw finish reason the wire sent beside content_filter', async () => {
    const chunks = await streamed(sse(delta({ refusal: refusalText }), delta({}, 'length')));
    expect(chunks.at(-1)).toMatchObject({ finishReason: 'content_filter', rawFinishReason: 'length' });
    const response = await generated(completion({ content: null, refusal: refusalText }, 'length'));
    expect(response).toMatchObject({ finishReason: 'content_filter', rawFinishReason: 'length' });
  });

  it('content text with an empty refusal field is no refusal, stream or not', async () => {
    const chunks = await streamed(
      sse(
        delta({ role: 'assistant', content: '', refusal: '' }),
        delta({ content: 'Sure.' }),
        delta({}, 'stop'),
      ),
    );
    expect(chunks.map((chunk) => chunk.content).join('')).toBe('Sure.');
    expect(chunks.at(-1)?.finishReason).toBe('stop');
    const response = await generated(completion({ content: 'Sure.', refusal: '' }, 'stop'));
    expect(response).toMatchObject({ content: 'Sure.', finishReason: 'stop' });
  });
});

// OpenAI's 400 for a message past its size limit. The message matches none of @core/http's context-length
// patterns and the default error parser does not know the code: only this provider's parser makes it a
// ContextLengthError.
const tooLong = {
  message:
    "Invalid 'messages[0].content': string too long. Expected a string with maximum length 10485760, but got a string with length 10485761 instead.",
  type: 'invalid_request_error',
  param: 'messages[0].content',
  code: 'string_above_max_length',
};

async function failure(stream: boolean): Promise<unknown> {
  try {
    const result = await llm.agenerate('a very long prompt', { stream });
    if (stream)
      for await (const _chunk of result as AsyncIterable<unknown>) {
        // drain: an in-band error is thrown from the iterator
      }
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe("string_above_max_length is a ContextLengthError through the provider's error parser", () => {
  it('as an HTTP 400, for a stream as for a plain call', async () => {
    for (const stream of [false, true]) {
      mock.enqueue({ kind: 'status', status: 400, body: { error: tooLong } });
      const error = await failure(stream);
      expect(ContextLengthError.isInstance(error), `stream: ${stream}`).toBe(true);
      expect(error).toMatchObject({
        status: 400,
        code: tooLong.code,
        message: tooLong.message,
        retryable: false,
      });
    }
  });

  it('as an in-band `event: error` that names its status', async () => {
    const body = [
      'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}',
      `event: error\ndata: ${JSON.stringify({ error: { ...tooLong, status_code: 400 } })}`,
      '',
    ].join('\n\n');
    mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body });
    const error = await failure(true);
    expect(ContextLengthError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: tooLong.code, message: tooLong.message });
  });
});
