import { describe, expect, it } from 'vitest';
import { parseToolArguments } from './parse-tool-arguments.js';

describe('parseToolArguments', () => {
  it('parses a JSON object once', () => {
    expect(parseToolArguments('{"city":"Paris","days":2}')).toEqual({
      arguments: { city: 'Paris', days: 2 },
    });
  });

  it('treats empty text as no arguments (Anthropic sends "" for a tool without input)', () => {
    expect(parseToolArguments('')).toEqual({ arguments: {} });
    expect(parseToolArguments('  ')).toEqual({ arguments: {} });
  });

  it('keeps text that is not a JSON object, so nothing the model said is lost', () => {
    expect(parseToolArguments('{"city": "Par')).toEqual({ arguments: {}, invalidArguments: '{"city": "Par' });
    expect(parseToolArguments('[1,2]')).toEqual({ arguments: {}, invalidArguments: '[1,2]' });
  });
});
