import Anthropic from '@anthropic-ai/sdk';
import { createLLM, RateLimiter } from '@core/session';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { type Stack, startStack } from './support/start-stack.js';

// `authTokens`: one key per client, each with its own models and budget, through the official clients.

const adminToken = 'admin-key-0123456789abcdef';
const limitedToken = 'limited-key-fedcba9876543210';
const limitedLooseToken = 'limited-loose-key-55555';
const throttledToken = 'throttled-key-abcabcabc';
const allTokens = [adminToken, limitedToken, limitedLooseToken, throttledToken];

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    server: {
      authTokens: [
        { token: adminToken, name: 'admin' },
        { token: limitedToken, name: 'limited', models: ['mock-model'] },
        { token: limitedLooseToken, models: ['mock-*'] },
        { token: throttledToken, name: 'throttled', rateLimit: new RateLimiter({ requestsPerSecond: 1 }) },
      ],
    },
  });
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

const openai = (apiKey: string): OpenAI => new OpenAI({ baseURL: `${stack.url}/v1`, apiKey, maxRetries: 0 });
const anthropic = (apiKey: string): Anthropic => new Anthropic({ baseURL: stack.url, apiKey, maxRetries: 0 });
const ask = (client: OpenAI, model: string) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

function expectNoToken(text: string): void {
  for (const token of allTokens) expect(text).not.toContain(token);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('per-client keys with the openai client', () => {
  it('lets every key through to a model it may use', async () => {
    expect((await ask(openai(adminToken), 'other-model')).choices[0]?.message.content).toBeTypeOf('string');
    expect((await ask(openai(limitedToken), 'mock-model')).choices[0]?.message.content).toBeTypeOf('string');
    expect((await ask(openai(limitedLooseToken), 'mock-model')).choices).toHaveLength(1);
  });

  it('refuses a key limited to one model asking for another with a 403 (PermissionDeniedError)', async () => {
    const error = await failure(ask(openai(limitedToken), 'other-model'));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const denied = error as InstanceType<typeof OpenAI.PermissionDeniedError>;
    expect(denied.status).toBe(403);
    expect(denied.error).toMatchObject({ code: 'model_not_allowed', param: 'model' });
    expect(denied.message).toContain("'limited'");
    expectNoToken(JSON.stringify(denied.error));
    const loose = await failure(ask(openai(limitedLooseToken), 'gpt-4o'));
    expect(loose).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('refuses a wrong key with a 401 (AuthenticationError) that does not echo it', async () => {
    const error = await failure(ask(openai(`${adminToken}x`), 'mock-model'));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expectNoToken(JSON.stringify((error as InstanceType<typeof OpenAI.AuthenticationError>).error));
    expect(stack.mock.requests).toHaveLength(0);
  });

  it("answers a key over its own budget with a 429 and leaves other keys' alone", async () => {
    const client = openai(throttledToken);
    await ask(client, 'mock-model');
    const error = await failure(ask(client, 'mock-model'));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const limited = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(limited.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expectNoToken(JSON.stringify(limited.error));
    expect((await ask(openai(adminToken), 'mock-model')).choices).toHaveLength(1);
  });

  it('uses the OpenAI shape on the other JSON routes too', async () => {
    const response = await fetch(`${stack.url}/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limitedToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'hi', model: 'other-model' }),
    });
    expect(response.status).toBe(403);
    const text = await response.text();
    expectNoToken(text);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'model_not_allowed', param: 'model' } });
    // A limited key must say which of its models it wants.
    const unnamed = await fetch(`${stack.url}/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limitedToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'hi' }),
    });
    expect(unnamed.status).toBe(403);
  });

  it('leaves GET /health open', async () => {
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
  });
});

describe('per-client keys on /v1/messages with the Anthropic client', () => {
  const create = (client: Anthropic, model: string) =>
    client.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });

  it('accepts the key in x-api-key (the SDK default)', async () => {
    const message = await create(anthropic(limitedToken), 'mock-model');
    expect(message.type).toBe('message');
  });

  it.each([
    [
      'a wrong key',
      `${limitedToken}x`,
      'mock-model',
      401,
      'authentication_error',
      Anthropic.AuthenticationError,
    ],
    ['another model', limitedToken, 'other-model', 403, 'permission_error', Anthropic.PermissionDeniedError],
  ] as const)('answers %s in Anthropic shape', async (_case, key, model, status, type, errorClass) => {
    const error = await failure(create(anthropic(key), model));
    expect(error).toBeInstanceOf(errorClass);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(status);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type } });
    expectNoToken(JSON.stringify(apiError.error));
  });

  it('answers a key over its budget with rate_limit_error', async () => {
    const client = anthropic(throttledToken);
    // The openai test above may have used this second's room already: wait it out.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await create(client, 'mock-model');
    const error = await failure(create(client, 'mock-model'));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
    });
  });

  it('does not take x-api-key on the OpenAI routes', async () => {
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': adminToken, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(401);
  });
});

describe('authTokens options', () => {
  const llm = createLLM('openai-compatible', { baseUrl: 'http://127.0.0.1:9', model: 'm' });

  it.each([
    ['both authToken and authTokens', { authToken: 'a', authTokens: [{ token: 'b' }] }],
    ['an empty list', { authTokens: [] }],
    ['an empty token', { authTokens: [{ token: '' }] }],
    ['a repeated token', { authTokens: [{ token: 'same' }, { token: 'same' }] }],
    ['models that are not strings', { authTokens: [{ token: 'a', models: [1] }] }],
    ['a rateLimit without acquire', { authTokens: [{ token: 'a', rateLimit: {} }] }],
  ])('refuses %s with a TypeError', (_case, options) => {
    expect(() => createServer({ llm, ...(options as object) })).toThrow(TypeError);
  });

  it('never names a token in the TypeError', () => {
    expect(() => createServer({ llm, authTokens: [{ token: 'secret-1' }, { token: 'secret-1' }] })).toThrow(
      /^(?!.*secret-1)/,
    );
  });
});
