import { afterEach, describe, expect, it } from 'vitest';
import { loadApiKey, loadBooleanSetting, loadSetting } from './load-setting.js';
import { redactSecrets } from './redact-secrets.js';

const env = 'ABSTRACTCORE_TEST_SETTING';

afterEach(() => {
  delete process.env[env];
});

describe('loadSetting', () => {
  it('takes the option, then the env var, then the default; empty counts as not given', () => {
    process.env[env] = 'from-env';
    expect(loadSetting({ baseUrl: 'from-option' }, 'baseUrl', { provider: 'p', env })).toBe('from-option');
    expect(loadSetting({ baseUrl: '' }, 'baseUrl', { provider: 'p', env })).toBe('from-env');
    expect(loadSetting({}, 'baseUrl', { provider: 'p', env })).toBe('from-env');
    process.env[env] = '';
    expect(loadSetting({}, 'baseUrl', { provider: 'p', env, default: 'd' })).toBe('d');
    expect(loadSetting({}, 'baseUrl', { provider: 'p' })).toBeUndefined();
  });

  it('rejects a value of another type, naming the provider and the option', () => {
    expect(() => loadSetting({ baseUrl: 8080 }, 'baseUrl', { provider: 'vllm' })).toThrow(
      new TypeError('vllm: baseUrl must be a string'),
    );
    expect(() => loadBooleanSetting({ reasoningModel: 'yes' }, 'reasoningModel', 'openai')).toThrow(
      'openai: reasoningModel must be a boolean',
    );
    expect(loadBooleanSetting({}, 'reasoningModel', 'openai')).toBeUndefined();
  });
});

describe('loadApiKey', () => {
  it('registers the key as a secret and names the env var when a required key is missing', () => {
    process.env[env] = 'key-from-the-environment-123';
    expect(loadApiKey({}, { provider: 'p', env, required: true })).toBe('key-from-the-environment-123');
    expect(redactSecrets('got key-from-the-environment-123')).toBe('got [REDACTED]');
    delete process.env[env];
    expect(() => loadApiKey({}, { provider: 'p', env, required: true })).toThrow(
      `p: an API key is required: pass { apiKey } to createLLM or set ${env}`,
    );
    expect(loadApiKey({}, { provider: 'p', env })).toBeUndefined();
  });
});
