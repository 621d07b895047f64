import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors/invalid-request-error.js';
import { UnsupportedOptionError } from './errors/unsupported-option-error.js';
import { settleWarnings, unsupportedOption } from './settle-warnings.js';
import type { Warning } from './warning.js';

const seed = unsupportedOption('anthropic', 'seed', 'Anthropic has no sampling seed: seed was not sent');
const other: Warning = { type: 'other', provider: 'anthropic', message: 'something else' };

describe('settleWarnings', () => {
  it('returns the warnings to report, or undefined when there are none', () => {
    expect(settleWarnings('anthropic', { model: 'm' }, [])).toBeUndefined();
    expect(settleWarnings('anthropic', { model: 'm', unsupportedOptions: 'warn' }, [seed, other])).toEqual([
      seed,
      other,
    ]);
  });

  it("throws an UnsupportedOptionError naming every unsupported option with unsupportedOptions: 'error'", () => {
    let thrown: unknown;
    try {
      settleWarnings('anthropic', { model: 'm', unsupportedOptions: 'error' }, [seed, other]);
    } catch (error) {
      thrown = error;
    }
    expect(UnsupportedOptionError.isInstance(thrown)).toBe(true);
    expect(InvalidRequestError.isInstance(thrown)).toBe(true);
    const error = thrown as UnsupportedOptionError;
    expect(error.warnings).toEqual([seed]);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Anthropic has no sampling seed');
    // Only `other` warnings: nothing the caller asked for was dropped, so nothing to refuse.
    expect(settleWarnings('anthropic', { model: 'm', unsupportedOptions: 'error' }, [other])).toEqual([
      other,
    ]);
  });
});
