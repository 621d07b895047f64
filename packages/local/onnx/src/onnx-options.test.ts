import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOnnxModel, dtypeForModel, resolveOnnxSettings } from './onnx-options.js';

describe('resolveOnnxSettings', () => {
  it('defaults: the hub default model at q8, one worker using the cores, downloads allowed', () => {
    const settings = resolveOnnxSettings({}, {});
    expect(settings).toMatchObject({
      defaultModel: defaultOnnxModel,
      workers: 1,
      threads: availableParallelism(),
      allowRemoteModels: true,
    });
    expect(dtypeForModel(settings, defaultOnnxModel)).toBe('q8');
    expect(dtypeForModel(settings, '/models/other')).toBeUndefined();
  });

  it('reads ONNX_MODEL, and the model option wins over it', () => {
    expect(resolveOnnxSettings({}, { ONNX_MODEL: '/models/a' }).defaultModel).toBe('/models/a');
    expect(resolveOnnxSettings({ model: '/models/b' }, { ONNX_MODEL: '/models/a' }).defaultModel).toBe(
      '/models/b',
    );
  });

  it('goes strictly offline with ONNX_OFFLINE=1 or allowRemoteModels: false', () => {
    expect(resolveOnnxSettings({}, { ONNX_OFFLINE: '1' }).allowRemoteModels).toBe(false);
    expect(resolveOnnxSettings({ allowRemoteModels: true }, { ONNX_OFFLINE: 'true' }).allowRemoteModels).toBe(
      false,
    );
    expect(resolveOnnxSettings({ allowRemoteModels: false }, {}).allowRemoteModels).toBe(false);
    expect(resolveOnnxSettings({}, { ONNX_OFFLINE: '0' }).allowRemoteModels).toBe(true);
  });

  it('divides the cores among the workers (at least one thread each)', () => {
    const settings = resolveOnnxSettings({ workers: 64 }, {});
    expect(settings.threads).toBe(Math.max(1, Math.floor(availableParallelism() / 64)));
    expect(resolveOnnxSettings({ workers: 2, threads: 3 }, {}).threads).toBe(3);
  });

  it('adds the trailing slash a host needs', () => {
    expect(resolveOnnxSettings({ remoteHost: 'http://127.0.0.1:9000' }, {}).remoteHost).toBe(
      'http://127.0.0.1:9000/',
    );
  });

  it('reads strings and booleans with the shared loaders: empty is absent, another type a TypeError', () => {
    expect(resolveOnnxSettings({ model: '' }, { ONNX_MODEL: '' }).defaultModel).toBe(defaultOnnxModel);
    const blank = resolveOnnxSettings({ cacheDir: '', revision: '' }, {});
    expect(blank.cacheDir).toBe(join(homedir(), '.cache', 'abstractcore', 'onnx'));
    expect(blank.revision).toBeUndefined();
    expect(resolveOnnxSettings({ dtype: '' }, {}).dtype).toBeUndefined();
    expect(resolveOnnxSettings({}, { ONNX_OFFLINE: '' }).allowRemoteModels).toBe(true);
    for (const [option, value] of [
      ['model', 42],
      ['cacheDir', true],
      ['remoteHost', ['http://mirror']],
      ['revision', 1],
      ['allowRemoteModels', 'false'],
    ] as const) {
      expect(() => resolveOnnxSettings({ [option]: value }, {}), option).toThrow(TypeError);
      expect(() => resolveOnnxSettings({ [option]: value }, {}), option).toThrow(`onnx: ${option} must be a`);
    }
  });

  it('throws naming a bad option', () => {
    expect(() => resolveOnnxSettings({ workers: 0 }, {})).toThrow(/workers/);
    expect(() => resolveOnnxSettings({ threads: 1.5 }, {})).toThrow(/threads/);
    expect(() => resolveOnnxSettings({ allowRemoteModels: 'no' }, {})).toThrow(/allowRemoteModels/);
    expect(() => resolveOnnxSettings({ remoteHost: 'not a url' }, {})).toThrow(/remoteHost/);
    expect(() => resolveOnnxSettings({ onProgress: 'bar' }, {})).toThrow(/onProgress/);
    expect(() => resolveOnnxSettings({ dtype: 4 }, {})).toThrow(/dtype/);
  });
});

describe('batching options', () => {
  it('batches up to 8 requests per worker by default; batching: false and maxBatchSize are read', () => {
    expect(resolveOnnxSettings({}, {})).toMatchObject({ batching: true, maxBatchSize: 8 });
    expect(resolveOnnxSettings({ batching: false, maxBatchSize: 3 }, {})).toMatchObject({
      batching: false,
      maxBatchSize: 3,
    });
  });

  it('rejects a maxBatchSize that is not a count, and a batching that is not a boolean', () => {
    expect(() => resolveOnnxSettings({ maxBatchSize: 0 }, {})).toThrow(RangeError);
    expect(() => resolveOnnxSettings({ maxBatchSize: 2.5 }, {})).toThrow(/maxBatchSize/);
    expect(() => resolveOnnxSettings({ batching: 'yes' }, {})).toThrow(TypeError);
  });
});
