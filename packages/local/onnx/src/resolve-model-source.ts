import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { ModelNotFoundError } from '@core/types';
import type { ModelSource } from './worker-messages.js';

// The hub's repository id rule (huggingface_hub's validator, as transformers.js applies it).
const hubIdPattern = /^(?:[\w\-.]+\/)?[\w\-.]{1,96}$/;

function looksLikePath(model: string): boolean {
  return (
    isAbsolute(model) ||
    model === '.' ||
    model === '..' ||
    model.startsWith('./') ||
    model.startsWith('../') ||
    model.startsWith('~/') ||
    model.includes('\\')
  );
}

async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return undefined; // missing or unreadable
  }
}

/**
 * Decides whether `model` is a local directory or a hub id, with an async `stat` (no sync IO on the
 * event loop). A path that does not exist, or is not a directory, throws `ModelNotFoundError` naming it; a
 * bare `name` or `org/name` is a directory when one exists there relative to `cwd`, else a hub id.
 */
export async function resolveModelSource(model: string, cwd: string = process.cwd()): Promise<ModelSource> {
  if (looksLikePath(model)) {
    const path = model.startsWith('~/') ? resolve(homedir(), model.slice(2)) : resolve(cwd, model);
    const directory = await isDirectory(path);
    if (directory !== true) {
      throw new ModelNotFoundError({
        provider: 'onnx',
        model,
        code: 'model_not_found',
        message:
          directory === false
            ? `The ONNX model path ${path} is a file; pass the model's directory (transformers.js layout: config.json, tokenizer.json, onnx/model.onnx)`
            : `The ONNX model directory ${path} does not exist`,
      });
    }
    return { kind: 'directory', path };
  }
  const relative = resolve(cwd, model);
  if ((await isDirectory(relative)) === true) return { kind: 'directory', path: relative };
  if (!hubIdPattern.test(model) || model.includes('..') || model.includes('--')) {
    throw new ModelNotFoundError({
      provider: 'onnx',
      model,
      code: 'model_not_found',
      message: `The ONNX model "${model}" is neither a directory (${relative} does not exist) nor a hub id (org/name)`,
    });
  }
  return { kind: 'hub', id: model };
}
