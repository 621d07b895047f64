import { describe, expect, it } from 'vitest';
import { isOpenAIStrictSchema } from './check-openai-strict-schema.js';

const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

describe('isOpenAIStrictSchema', () => {
  it('takes closed objects whose properties are all required, nested too', () => {
    expect(isOpenAIStrictSchema(closed({ country: { type: 'string' } }))).toBe(true);
    expect(
      isOpenAIStrictSchema(
        closed(
          {
            city: closed({ name: { type: 'string' }, population: { type: ['integer', 'null'] } }),
            tags: { type: 'array', items: closed({ label: { type: 'string', enum: ['a', 'b'] } }) },
            when: { type: 'string', format: 'date-time' },
            either: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/point' }] },
          },
          { $defs: { point: closed({ x: { type: 'number', minimum: 0 } }) } },
        ),
      ),
    ).toBe(true);
  });

  it('refuses an object that is open or has an optional property', () => {
    expect(
      isOpenAIStrictSchema({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }),
    ).toBe(false);
    expect(
      isOpenAIStrictSchema({
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'string' } },
        required: ['a'],
        additionalProperties: false,
      }),
    ).toBe(false);
    expect(
      isOpenAIStrictSchema(closed({ inner: { type: 'object', properties: { a: { type: 'string' } } } })),
    ).toBe(false);
  });

  it('refuses keywords and formats strict mode rejects', () => {
    expect(isOpenAIStrictSchema(closed({ a: { type: 'string', default: 'x' } }))).toBe(false);
    expect(isOpenAIStrictSchema(closed({ a: { type: 'string', minLength: 1 } }))).toBe(false);
    expect(isOpenAIStrictSchema(closed({ a: { type: 'string', format: 'uri' } }))).toBe(false);
    expect(isOpenAIStrictSchema(closed({ a: { type: 'string', pattern: '^(?!x)' } }))).toBe(false);
    expect(isOpenAIStrictSchema(closed({ a: { oneOf: [{ type: 'string' }] } }))).toBe(false);
    expect(isOpenAIStrictSchema(closed({ a: { $ref: '#/$defs/x', description: 'sibling' } }))).toBe(false);
    expect(
      isOpenAIStrictSchema(closed({ a: { type: 'array', items: { type: 'string' }, uniqueItems: true } })),
    ).toBe(false);
  });

  it('needs an object at the root', () => {
    expect(isOpenAIStrictSchema({ type: 'string' })).toBe(false);
    expect(isOpenAIStrictSchema({ anyOf: [closed({ a: { type: 'string' } })] })).toBe(false);
  });
});
