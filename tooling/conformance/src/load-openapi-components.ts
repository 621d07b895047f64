import { readFile } from 'node:fs/promises';
import { sharedPath } from '@tooling/fixtures';
import { parse as parseYaml } from 'yaml';

type Json = Record<string, unknown>;

// OpenAPI 3.0's `nullable` survives in 110 schemas of OpenAI's 3.1 spec; ajv only knows JSON Schema's
// `type: [..., 'null']`, so rewrite it once, in place. In 3.0, `nullable` admits null even past an `enum`
// that does not list it (`finish_reason`), so null joins the enum too.
function rewriteNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteNullable(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Json;
  if (record.nullable === true) {
    delete record.nullable;
    if (Array.isArray(record.enum) && !record.enum.includes(null)) record.enum = [...record.enum, null];
    if (typeof record.type === 'string') record.type = [record.type, 'null'];
    else if (Array.isArray(record.type)) record.type = [...record.type, 'null'];
    else {
      const inner = { ...record };
      for (const key of Object.keys(record)) delete record[key];
      record.anyOf = [inner, { type: 'null' }];
      rewriteNullable(inner);
      return;
    }
  }
  for (const value of Object.values(record)) rewriteNullable(value);
}

const loaded = new Map<string, Promise<Json>>();

/**
 * The `components` of a published OpenAPI spec in ../shared/specs (YAML or JSON), ready for ajv: compile a
 * schema with `{ $ref: '#/components/schemas/<Name>', components }`. Read once per file. Needs ../shared.
 */
export function loadOpenApiComponents(file: string): Promise<Json> {
  let pending = loaded.get(file);
  if (pending === undefined) {
    pending = readFile(sharedPath('specs', file), 'utf8').then((text) => {
      const document = (
        file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })
      ) as { components: Json };
      rewriteNullable(document.components);
      return document.components;
    });
    loaded.set(file, pending);
  }
  return pending;
}
