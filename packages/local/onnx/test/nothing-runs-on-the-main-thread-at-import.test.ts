import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createOnnxAdapter, defaultOnnxModel } from '../dist/index.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

describe('the main thread never loads transformers.js, and nothing starts before a call', () => {
  it('no module outside dist/worker imports transformers.js or the worker code', async () => {
    const mainSide = (await readdir(dist)).filter((file) => file.endsWith('.js'));
    expect(mainSide).toContain('onnx-adapter.js');
    for (const file of mainSide) {
      const source = await readFile(join(dist, file), 'utf8');
      expect(source, file).not.toMatch(/from ['"]@huggingface\/transformers['"]|import\(['"]@huggingface/);
      expect(source, file).not.toMatch(/from ['"]\.\/worker\//);
    }
  });

  it('making an adapter reads options only: no pool, no worker, listModels without loading', async () => {
    const adapter = createOnnxAdapter({ model: '/nowhere/model', workers: 2 });
    expect(adapter.poolStats('/nowhere/model')).toBeUndefined();
    expect(await adapter.listModels()).toEqual([{ id: '/nowhere/model', ownedBy: 'onnx' }]);
    expect(createOnnxAdapter({}).defaultModel).toBe(process.env.ONNX_MODEL ?? defaultOnnxModel);
    await adapter.unload();
  });
});
