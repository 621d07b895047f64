import { InvalidArgumentError } from 'commander';

/** The values an integer flag accepts, both ends included. */
export interface IntegerRange {
  min: number;
  /** Default `Number.MAX_SAFE_INTEGER`. */
  max?: number;
}

// Plain decimal digits only: `Number.parseInt` reads `8x` as 8, and `Number` reads `1e3`, `0x10` and ` 5 `.
const decimalInteger = /^\d+$/;

function readInteger(text: string, { min, max = Number.MAX_SAFE_INTEGER }: IntegerRange): number | undefined {
  const value = decimalInteger.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

function describeRange({ min, max }: IntegerRange): string {
  return max === undefined ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
}

/**
 * Reads `text` as a whole decimal number within `range`. Throws a `RangeError` saying what `flag` (e.g. `--seed`)
 * accepts for anything else: trailing junk, a sign, decimals, an exponent, hex, blanks, a value out of range.
 */
export function parseInteger(text: string, flag: string, range: IntegerRange): number {
  const value = readInteger(text, range);
  if (value === undefined) {
    throw new RangeError(`${flag} must be ${describeRange(range)}, not ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * A commander argument parser for an integer flag (the one every command uses), so the value is checked once,
 * while the command line is parsed, and reaches the command's options object as a number. A bad value stops the
 * CLI before the command runs: commander names the flag and the value, adds this reason, and exits with code 1.
 */
export function integerFlag(range: IntegerRange): (text: string) => number {
  return (text) => {
    const value = readInteger(text, range);
    if (value === undefined) throw new InvalidArgumentError(`It must be ${describeRange(range)}.`);
    return value;
  };
}
