import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './find-json-depth.js';

const nested = (levels: number, open = '[', close = ']') => open.repeat(levels) + close.repeat(levels);

describe('exceedsJsonDepth', () => {
  it('counts the outermost value as level 1', () => {
    expect(exceedsJsonDepth('{}', 1)).toBe(false);
    expect(exceedsJsonDepth('{"a":[]}', 1)).toBe(true);
    expect(exceedsJsonDepth('{"a":[]}', 2)).toBe(false);
    expect(exceedsJsonDepth('"text"', 0)).toBe(false);
    expect(exceedsJsonDepth('42', 0)).toBe(false);
  });

  it('finds the deepest point, not the sum of siblings', () => {
    const siblings = `[${Array.from({ length: 100 }, () => nested(3)).join(',')}]`;
    expect(exceedsJsonDepth(siblings, 4)).toBe(false);
    expect(exceedsJsonDepth(siblings, 3)).toBe(true);
  });

  it('mixes arrays and objects', () => {
    const text = `${'{"a":['.repeat(10)}1${']}'.repeat(10)}`;
    expect(JSON.parse(text)).toBeTypeOf('object');
    expect(exceedsJsonDepth(text, 20)).toBe(false);
    expect(exceedsJsonDepth(text, 19)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    const text = JSON.stringify({ a: `${nested(500)} \\" \\\\ " [[[ {{{`, b: ['\\', '"[', ']"'] });
    expect(exceedsJsonDepth(text, 2)).toBe(false);
    expect(exceedsJsonDepth(text, 1)).toBe(true);
  });

  it('ignores brackets inside keys and non-ASCII text', () => {
    const text = JSON.stringify({ '[[[{{': 'é 😀 [', ключ: { x: [] } });
    expect(exceedsJsonDepth(text, 3)).toBe(false);
    expect(exceedsJsonDepth(text, 2)).toBe(true);
  });

  it('refuses 200,000 levels at once, without overflowing the stack', () => {
    expect(exceedsJsonDepth(nested(200_000), 64)).toBe(true);
    expect(exceedsJsonDepth(nested(200_000, '{"a":', '}'), 64)).toBe(true);
  });
});
