import { createLLM, events } from '@core/session';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const llmFor = () => createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model' });

describe('agenerate over Chat Completions', () => {
  it('returns text, usage and the finish reason', async () => {
    mock.enqueue({ kind: 'text', text: 'Python is a language.', usage: { input: 12, output: 5 } });
    const response = await llmFor().agenerate('What is Python?', { systemPrompt: 'Be brief.' });
    expect(response.content).toBe('Python is a language.');
    expect(response.finishReason).toBe('stop');
    expect(response.rawFinishReason).toBe('stop');
    expect(response.usage).toEqual({ inputTokens: 12, outputTokens: 5, totalTokens: 17 });
    expect(response.provider).toBe('openai-compatible');
    expect(response.model).toBe('test-model');
    expect(response.message).toEqual({ role: 'assistant', content: 'Python is a language.' });
    expect(response.genTimeMs).toBeGreaterThan(0);
    const body = mock.requests[0]?.body as { messages: unknown[]; stream?: boolean };
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is Python?' },
    ]);
    expect(body.stream).toBeUndefined();
  });

  it('streams text chunks, and the last chunk carries the finish reason and usage', async () => {
    mock.enqueue({ kind: 'text', chunks: ['Hello', ', ', 'world', '!'], usage: { input: 3, output: 4 } });
    const stream = await llmFor().agenerate('Say hello', { stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.content).join('')).toBe('Hello, world!');
    const last = chunks.at(-1);
    expect(last?.finishReason).toBe('stop');
    expect(last?.usage).toEqual({ inputTokens: 3, outputTokens: 4, totalTokens: 7 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.finishReason === undefined)).toBe(true);
    const body = mock.requests[0]?.body as { stream: boolean; stream_options: unknown };
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('is one method under two names', () => {
    const llm = llmFor();
    expect(llm.generate).toBe(llm.agenerate);
  });

  it('sends call options in the wire spelling, with providerOptions last', async () => {
    mock.enqueue({ kind: 'text', text: 'ok' });
    await llmFor().agenerate('hi', {
      temperature: 0.3,
      maxTokens: 20,
      topP: 0.9,
      stop: ['END'],
      seed: 7,
      providerOptions: { temperature: 0.5, logit_bias: { '1': 2 } },
    });
    expect(mock.requests[0]?.body).toMatchObject({
      model: 'test-model',
      temperature: 0.5,
      max_tokens: 20,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      logit_bias: { '1': 2 },
    });
  });

  it('cuts text at a stop sequence the server ignored, stream and non-stream', async () => {
    mock.enqueue({ kind: 'text', chunks: ['one ', 'two E', 'ND three'] });
    const response = await llmFor().agenerate('count', { stop: ['END'] });
    expect(response.content).toBe('one two ');
    expect(response.finishReason).toBe('stop');
    mock.enqueue({ kind: 'text', chunks: ['one ', 'two E', 'ND three'] });
    const stream = await llmFor().agenerate('count', { stream: true, stop: 'END' });
    let text = '';
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      text += chunk.content;
      finishReason = chunk.finishReason ?? finishReason;
    }
    expect(text).toBe('one two ');
    expect(finishReason).toBe('stop');
  });

  it('emits start, first-chunk and end events with the provider, model and one request id', async () => {
    const seen: Array<{ type: string; requestId: string; provider: string; model: string }> = [];
    const offs = (['generation:start', 'generation:first-chunk', 'generation:end'] as const).map((type) =>
      events.on(type, (event) => {
        seen.push(event);
      }),
    );
    mock.enqueue({ kind: 'text', text: 'streamed' });
    const stream = await llmFor().agenerate('go', { stream: true });
    for await (const _ of stream) {
      // drain
    }
    for (const off of offs) off();
    expect(seen.map((event) => event.type)).toEqual([
      'generation:start',
      'generation:first-chunk',
      'generation:end',
    ]);
    expect(new Set(seen.map((event) => event.requestId)).size).toBe(1);
    expect(seen[0]).toMatchObject({ provider: 'openai-compatible', model: 'test-model' });
  });

  it('lists models and reports health', async () => {
    const llm = llmFor();
    const models = await llm.listModels();
    expect(models.length).toBeGreaterThan(0);
    expect(typeof models[0]?.id).toBe('string');
    const health = await llm.health();
    expect(health.ok).toBe(true);
    const down = await createLLM('openai-compatible', {
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
    }).health();
    expect(down.ok).toBe(false);
    expect(down.error).toBeTruthy();
  });

  it('unloadModel closes the pool and a later call opens a new one', async () => {
    // A server of its own, so only this LLM's sockets are counted.
    const own = await startMockLlm();
    const llm = createLLM('openai-compatible', { baseUrl: own.openaiBaseUrl, model: 'test-model' });
    await Promise.all([llm.agenerate('first'), llm.agenerate('first again')]);
    expect(own.openConnections).toBeGreaterThan(0);
    await llm.unloadModel(llm.model);
    await expect.poll(() => own.openConnections).toBe(0);
    const again = await llm.agenerate('second');
    expect(again.content).toBe('Echo: second');
    await llm.unloadModel();
    await own.close();
  });
});
