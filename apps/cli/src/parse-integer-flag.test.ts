import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { integerFlag, parseInteger } from './parse-integer-flag.js';

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['8000', 8000],
    ['65535', 65_535],
    ['080', 80],
  ])('reads %s as %d', (text, value) => {
    expect(parseInteger(text, '--port', { min: 0, max: 65_535 })).toBe(value);
  });

  it.each([
    '8x',
    '',
    ' 80',
    '80 ',
    '-1',
    '+80',
    '1e3',
    '0x50',
    '80.0',
    '65536',
    'NaN',
    'Infinity',
    '99999999999999999999',
  ])('refuses %j, naming the flag and the range', (text) => {
    expect(() => parseInteger(text, '--port', { min: 0, max: 65_535 })).toThrow(
      new RangeError(`--port must be a whole number from 0 to 65535, not ${JSON.stringify(text)}`),
    );
  });

  it('has no upper end unless given', () => {
    expect(parseInteger('123456789', '--n', { min: 1 })).toBe(123_456_789);
    expect(() => parseInteger('0', '--n', { min: 1 })).toThrow('--n must be a whole number of at least 1');
  });
});

describe('integerFlag', () => {
  it('parses for commander, throwing its InvalidArgumentError', () => {
    const parse = integerFlag({ min: 1 });
    expect(parse('16')).toBe(16);
    expect(() => parse('16k')).toThrow(InvalidArgumentError);
    expect(() => parse('16k')).toThrow('It must be a whole number of at least 1.');
  });
});
