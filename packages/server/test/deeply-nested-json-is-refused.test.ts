import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { type Stack, startStack } from './support/start-stack.js';

// A body nested 200,000 levels deep fits in the body limit and parses, then overflows the stack of whatever
// walks it recursively: it used to come back as a 502 "Maximum call stack size exceeded" after an upstream
// attempt. It is the caller's fault, so it is a 400, and nothing reaches the provider.

const levels = 200_000;
// Hand-written text (JSON.stringify itself would overflow the stack on such a value), under the 1 MiB body limit.
const deepArray = `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepObject = `${'{"":'.repeat(levels)}1${'}'.repeat(levels)}`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

const post = (path: string, body: string) =>
  fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

const chatBodies = {
  'tools[].parameters': `{"model":"mock-model","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"x":${deepArray}}}}}]}`,
  response_format: `{"model":"mock-model","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object","properties":{"x":${deepArray}}}}}}`,
  'a field the route ignores': `{"model":"mock-model","messages":[{"role":"user","content":"hi"}],"providerOptions":${deepObject}}`,
};
const generateBodies = {
  'tools[].parameters': `{"prompt":"hi","tools":[{"name":"f","parameters":{"type":"object","properties":{"x":${deepArray}}}}]}`,
  providerOptions: `{"prompt":"hi","providerOptions":${deepObject}}`,
  'a message': `{"prompt":"hi","messages":[{"role":"user","content":${deepArray}}]}`,
};

const tooDeep = {
  error: {
    message: expect.stringContaining('64 levels'),
    type: 'invalid_request_error',
    param: null,
    code: 'json_too_deep',
  },
};

describe('a body nested 200,000 levels deep', () => {
  it.each(Object.entries(chatBodies))(
    'in %s is a 400 on /v1/chat/completions, before any upstream call',
    async (_where, body) => {
      const response = await post('/v1/chat/completions', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(tooDeep);
      expect(stack.mock.requests).toHaveLength(0);
    },
  );

  it.each(Object.entries(generateBodies))(
    'in %s is a 400 on /generate, before any upstream call',
    async (_where, body) => {
      const response = await post('/generate', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(tooDeep);
      expect(stack.mock.requests).toHaveLength(0);
    },
  );

  it('is a 400 on /stream and /batch too', async () => {
    for (const path of ['/stream', '/batch']) {
      const response = await post(path, `{"prompt":"hi","prompts":["hi"],"providerOptions":${deepArray}}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'json_too_deep' } });
    }
    expect(stack.mock.requests).toHaveLength(0);
  });
});

describe('the depth limit', () => {
  it('lets through a body at the limit, and counts no brackets inside strings', async () => {
    // The body is level 1 and providerOptions level 2: 62 more levels make 64.
    const atLimit = `${'['.repeat(62)}${']'.repeat(62)}`;
    const brackets = '[{'.repeat(10_000);
    const response = await post(
      '/generate',
      `{"prompt":${JSON.stringify(brackets)},"providerOptions":{"extra":${atLimit}}}`,
    );
    expect(response.status).toBe(200);
    expect(stack.mock.requests).toHaveLength(1);
    const overLimit = await post('/generate', `{"prompt":"hi","providerOptions":{"extra":[${atLimit}]}}`);
    expect(overLimit.status).toBe(400);
  });

  it('is an option, checked when the server is built', async () => {
    const app = createServer({ llm: stack.llm, maxJsonDepth: 3 });
    const shallow = await app.inject({ method: 'POST', url: '/generate', payload: { prompt: 'hi' } });
    expect(shallow.statusCode).not.toBe(400);
    const deeper = await app.inject({
      method: 'POST',
      url: '/generate',
      payload: { prompt: 'hi', providerOptions: { a: { b: {} } } },
    });
    expect(deeper.statusCode).toBe(400);
    expect(deeper.json().error.message).toContain('3 levels');
    await app.close();
    expect(() => createServer({ llm: stack.llm, maxJsonDepth: 0 })).toThrow(RangeError);
  });

  it('keeps the JSON errors and the prototype-poisoning check of the parser it wraps', async () => {
    const malformed = await post('/generate', '{"prompt":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const poisoned = await post('/generate', '{"prompt":"hi","__proto__":{"admin":true}}');
    expect(poisoned.status).toBe(400);
    expect(stack.mock.requests).toHaveLength(0);
  });
});
