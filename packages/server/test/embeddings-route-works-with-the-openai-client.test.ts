import { embedText } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/start-stack.js';

// `POST /v1/embeddings` driven by the official `openai` client over mock-llm, whose vectors are deterministic.

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

// Float32 on the base64 path: the client decodes what the server encoded.
const asFloat32 = (vector: number[]) => Array.from(new Float32Array(vector));

describe('/v1/embeddings', () => {
  it("answers the client's default base64 request with a list of embeddings it decodes, and usage", async () => {
    const response = await client.embeddings.create({ model: 'embed-model', input: ['hello world', 'bye'] });
    expect(response).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: asFloat32(embedText('hello world', 8)) },
        { object: 'embedding', index: 1, embedding: asFloat32(embedText('bye', 8)) },
      ],
      model: 'embed-model',
      usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.usage.total_tokens).toBe(response.usage.prompt_tokens);
    expect(stack.mock.requests[0]?.body).toMatchObject({
      model: 'embed-model',
      input: ['hello world', 'bye'],
    });
  });

  it('answers float vectors for one string input', async () => {
    const response = await client.embeddings.create({
      model: 'embed-model',
      input: 'hello',
      encoding_format: 'float',
    });
    expect(response.data).toEqual([{ object: 'embedding', index: 0, embedding: embedText('hello', 8) }]);
  });

  it("refuses a bad body with a 400 in OpenAI's error shape", async () => {
    const failure = await client.embeddings
      .create({ model: 'embed-model', input: [1, 2, 3] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).type).toBe('invalid_request_error');
    expect(stack.mock.requests).toHaveLength(0);
  });

  it("maps an upstream failure to OpenAI's error shape", async () => {
    // A reply without a path goes to the next generation request only.
    stack.mock.enqueue({ kind: 'status', status: 500, match: { path: '/v1/embeddings' } });
    const failure = await client.embeddings
      .create({ model: 'embed-model', input: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((failure as InstanceType<typeof OpenAI.APIError>).type).toBe('upstream_error');
  });
});
