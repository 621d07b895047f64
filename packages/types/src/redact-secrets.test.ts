import { describe, expect, it } from 'vitest';
import { redactSecrets, registerSecret } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes registered secrets wherever they appear', () => {
    registerSecret('custom-token-value-42');
    expect(redactSecrets('token=custom-token-value-42; again custom-token-value-42')).toBe(
      'token=[REDACTED]; again [REDACTED]',
    );
  });

  it('removes secret-shaped text nobody registered', () => {
    const header = redactSecrets('Authorization: Bearer abc.def-123');
    expect(header).not.toContain('abc.def-123');
    expect(header).toMatch(/^Authorization: \[REDACTED\]/);
    expect(redactSecrets('key sk-ant-api03-abcdefghijkl was rejected')).toBe('key [REDACTED] was rejected');
    expect(redactSecrets('{"x-api-key":"abcdef123"}')).toBe('{"x-api-key":"[REDACTED]"}');
  });

  it('ignores secrets too short to be keys, so ordinary words survive', () => {
    registerSecret('abc');
    expect(redactSecrets('abc')).toBe('abc');
  });
});
