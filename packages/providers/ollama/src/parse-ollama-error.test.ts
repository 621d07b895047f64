import { describe, expect, it } from 'vitest';
import { parseOllamaError } from './parse-ollama-error.js';

describe('parseOllamaError', () => {
  it('reads {"error": "…"} and names a missing model, in old and new wording', () => {
    expect(parseOllamaError({ error: 'model "llama3" not found, try pulling it first' })).toEqual({
      message: 'model "llama3" not found, try pulling it first',
      kind: 'model-not-found',
    });
    expect(parseOllamaError({ error: "model 'x' not found" }).kind).toBe('model-not-found');
  });

  it('names a prompt past the context length', () => {
    expect(parseOllamaError({ error: 'input length exceeds maximum context length' }).kind).toBe(
      'context-length',
    );
    expect(parseOllamaError({ error: 'the input length exceeds the context length' }).kind).toBe(
      'context-length',
    );
  });

  it('keeps plain text (Go mux 404) without calling it a missing model, and reads a proxy OpenAI shape', () => {
    expect(parseOllamaError('404 page not found\n')).toEqual({ message: '404 page not found' });
    expect(parseOllamaError({ error: { message: 'bad gateway' } })).toEqual({ message: 'bad gateway' });
    expect(parseOllamaError('x'.repeat(400)).message).toHaveLength(301);
  });

  it('gives nothing for bodies that say nothing', () => {
    expect(parseOllamaError(undefined)).toEqual({});
    expect(parseOllamaError({})).toEqual({});
    expect(parseOllamaError('  ')).toEqual({});
  });
});
