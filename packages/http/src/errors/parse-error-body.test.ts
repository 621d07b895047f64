import { describe, expect, it } from 'vitest';
import { parseErrorBody } from './parse-error-body.js';

describe('parseErrorBody', () => {
  it('reads OpenAI’s {error:{message,type,code}}', () => {
    const body = {
      error: {
        message: "Unsupported parameter: 'max_tokens'",
        type: 'invalid_request_error',
        param: 'max_tokens',
        code: 'unsupported_parameter',
      },
    };
    expect(parseErrorBody(body)).toEqual({
      message: "Unsupported parameter: 'max_tokens'",
      code: 'unsupported_parameter',
    });
  });

  it('reads Anthropic’s {type:"error",error:{type,message},request_id}', () => {
    const body = {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: 'req_011',
    };
    expect(parseErrorBody(body)).toEqual({
      message: 'Overloaded',
      code: 'overloaded_error',
      requestId: 'req_011',
      kind: 'overloaded',
    });
  });

  it('reads OpenRouter’s numeric code', () => {
    const body = { error: { code: 429, message: 'Provider returned error', metadata: {} }, user_id: 'u' };
    expect(parseErrorBody(body)).toEqual({ message: 'Provider returned error', code: '429' });
  });

  it('reads Ollama’s {error:"…"}, a bare {message} and FastAPI’s {detail}', () => {
    expect(parseErrorBody({ error: "model 'x' not found" })).toEqual({ message: "model 'x' not found" });
    expect(parseErrorBody({ message: 'nope' })).toEqual({ message: 'nope' });
    expect(parseErrorBody({ detail: 'Not Found' })).toEqual({ message: 'Not Found' });
  });

  it('maps well-known codes to a kind', () => {
    expect(parseErrorBody({ error: { message: 'm', code: 'context_length_exceeded' } }).kind).toBe(
      'context-length',
    );
    expect(parseErrorBody({ error: { message: 'm', code: 'model_not_found' } }).kind).toBe('model-not-found');
    expect(parseErrorBody({ error: { message: 'm', type: 'rate_limit_error' } }).kind).toBe('rate-limit');
  });

  it('uses the start of a text body as the message', () => {
    expect(parseErrorBody('  Bad Gateway \n')).toEqual({ message: 'Bad Gateway' });
    expect(parseErrorBody('x'.repeat(1000)).message?.length).toBeLessThan(310);
    expect(parseErrorBody('')).toEqual({});
  });

  it('returns nothing for shapes it does not know', () => {
    expect(parseErrorBody(null)).toEqual({});
    expect(parseErrorBody([1, 2])).toEqual({});
    expect(parseErrorBody({ error: { message: 42 } })).toEqual({});
  });
});
