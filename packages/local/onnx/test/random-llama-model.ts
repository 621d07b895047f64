// Random-weight Llama decoders of any shape, built with ../shared/tools/onnx-llama and cached under the OS
// temp dir (keyed by shape), so a test pays for a build once per machine, not once per run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sharedPath } from '@tooling/fixtures';

const run = promisify(execFile);

/** A llama2.c shape: what `random-llama2c.cjs` takes after the output file. */
export interface LlamaShape {
  dim: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  vocab: number;
  seq: number;
  seed: number;
}

/** The ~15M-parameter shape of the tools' README, with stories260K's 512-token vocabulary. */
export const shape15m: LlamaShape = {
  dim: 288,
  hidden: 768,
  layers: 6,
  heads: 6,
  kvHeads: 6,
  vocab: 512,
  seq: 256,
  seed: 1,
};

// ../shared is read-only and the scripts need `onnx-proto`: they run from a scratch copy, installed once
// from the npm registry (the onnx bench uses the same folder).
async function prepareTools(): Promise<string> {
  const tools = join(tmpdir(), 'abstractcore-onnx-llama-tools');
  if (!existsSync(join(tools, 'node_modules', 'onnx-proto'))) {
    await mkdir(tools, { recursive: true });
    await cp(sharedPath('tools', 'onnx-llama'), tools, { recursive: true });
    await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: tools });
  }
  return tools;
}

/**
 * The folder of a transformers.js-layout model of `shape` with random weights and stories260K's tokenizer,
 * built on first use; a finished build is renamed into place, so a half-built folder is never reused.
 */
export async function randomLlamaModel(shape: LlamaShape): Promise<string> {
  const { dim, hidden, layers, heads, kvHeads, vocab, seq, seed } = shape;
  const sizes = [dim, hidden, layers, heads, kvHeads, vocab, seq, seed].map(String);
  const folder = join(tmpdir(), `abstractcore-onnx-random-llama-${sizes.join('-')}`);
  if (existsSync(join(folder, 'onnx', 'model.onnx'))) return folder;
  const tools = await prepareTools();
  const scratch = `${folder}.building-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const checkpoint = join(scratch, 'random.bin');
  await run(process.execPath, [join(tools, 'random-llama2c.cjs'), checkpoint, ...sizes]);
  const model = join(scratch, 'model');
  await run(process.execPath, [join(tools, 'llama2c-to-onnx.cjs'), checkpoint, '-', model]);
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
    await copyFile(sharedPath('models', 'stories260K', file), join(model, file));
  }
  await writeFile(join(model, 'SHAPE.json'), `${JSON.stringify(shape)}\n`);
  await rename(model, folder).catch(async (error: unknown) => {
    // Another process finished the same build first: theirs is as good.
    if (!existsSync(join(folder, 'onnx', 'model.onnx'))) throw error;
  });
  await rm(scratch, { recursive: true, force: true });
  return folder;
}
