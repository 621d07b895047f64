import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root (the folder holding pnpm-workspace.yaml) above this file, when run from a checkout. */
export function findWorkspaceRoot(
  from: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  let directory = from;
  for (let depth = 0; depth < 32; depth++) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return undefined;
}
