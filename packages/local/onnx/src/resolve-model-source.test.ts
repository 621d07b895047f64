import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelNotFoundError } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelSource } from './resolve-model-source.js';

describe('resolveModelSource', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'abstractcore-onnx-source-'));
    await writeFile(join(directory, 'file.onnx'), '');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('an existing directory, absolute or relative, is a directory source', async () => {
    expect(await resolveModelSource(directory)).toEqual({ kind: 'directory', path: directory });
    expect(await resolveModelSource('.', directory)).toEqual({ kind: 'directory', path: directory });
  });

  it('org/name with no such directory is a hub id', async () => {
    expect(await resolveModelSource('onnx-community/Qwen2.5-0.5B-Instruct', directory)).toEqual({
      kind: 'hub',
      id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    });
  });

  it('a path that does not exist, or is a file, is a ModelNotFoundError naming it', async () => {
    const missing = join(directory, 'nope');
    await expect(resolveModelSource(missing)).rejects.toSatisfy(
      (error: unknown) => ModelNotFoundError.isInstance(error) && (error as Error).message.includes(missing),
    );
    await expect(resolveModelSource(join(directory, 'file.onnx'))).rejects.toSatisfy(
      (error: unknown) =>
        ModelNotFoundError.isInstance(error) && (error as Error).message.includes('is a file'),
    );
    await expect(resolveModelSource('not a/valid/id', directory)).rejects.toSatisfy(
      ModelNotFoundError.isInstance,
    );
  });
});
