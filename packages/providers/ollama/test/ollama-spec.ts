import { readFile } from 'node:fs/promises';
import { sharedPath } from '@tooling/fixtures';

// Reads just enough of ../shared/specs/ollama-openapi.yaml to check the bodies we send, without a YAML
// library: the file is machine-formatted (two-space indents, one key per line), so a schema's properties
// are the keys 8 spaces deep under `    <Schema>:` → `      properties:`, each with its `type`, `oneOf`
// types or `$ref` one or two levels further in.

/** What the spec says about one property of a schema. */
export interface SpecProperty {
  /** JSON Schema types the value may have (`oneOf` alternatives included); empty when only a `$ref`. */
  types: string[];
  /** The schema a value (or, for an array, each item) must match. */
  ref?: string;
}

/** One schema of `components.schemas`. */
export interface SpecSchema {
  properties: Map<string, SpecProperty>;
  required: string[];
  additionalProperties: boolean;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

function schemaLines(lines: string[], name: string): string[] {
  const start = lines.indexOf(`    ${name}:`);
  if (start === -1) throw new Error(`ollama-openapi.yaml has no schema ${name}`);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && indentOf(line) <= 4) break;
    block.push(line);
  }
  return block;
}

function parseSchema(block: string[]): SpecSchema {
  const properties = new Map<string, SpecProperty>();
  let required: string[] = [];
  let additionalProperties = false;
  let inProperties = false;
  let current: SpecProperty | undefined;
  for (const line of block) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = indentOf(line);
    const text = line.trim();
    if (indent === 6) {
      inProperties = text === 'properties:';
      current = undefined;
      const requiredList = /^required: \[(.*)\]$/.exec(text);
      if (requiredList) required = (requiredList[1] ?? '').split(',').map((item) => item.trim());
      if (text === 'additionalProperties: true') additionalProperties = true;
      continue;
    }
    if (!inProperties) continue;
    if (indent === 8) {
      const key = /^([A-Za-z_]+):$/.exec(text)?.[1];
      current = { types: [] };
      if (key !== undefined) properties.set(key, current);
      continue;
    }
    if (current === undefined) continue;
    const type = /^(?:- )?type: (\w+)$/.exec(text)?.[1];
    // Direct type (10 spaces) or a `oneOf` alternative (`- type:` at 12); deeper ones describe nested fields.
    if (type !== undefined && (indent === 10 || (indent === 12 && text.startsWith('- ')))) {
      current.types.push(type);
    }
    const ref = /^\$ref: "#\/components\/schemas\/(\w+)"$/.exec(text)?.[1];
    if (ref !== undefined && (indent === 10 || indent === 12)) current.ref = ref;
  }
  return { properties, required, additionalProperties };
}

/** Loads the named schemas from the shared Ollama OpenAPI file. */
export async function readOllamaSchemas(names: readonly string[]): Promise<Map<string, SpecSchema>> {
  const lines = (await readFile(sharedPath('specs', 'ollama-openapi.yaml'), 'utf8')).split('\n');
  return new Map(names.map((name) => [name, parseSchema(schemaLines(lines, name))]));
}

/** The field names ollama-api.md lists for a chat `message` (it documents `thinking` and `tool_name` too). */
export async function readDocumentedMessageFields(): Promise<string[]> {
  const text = await readFile(sharedPath('specs', 'ollama-api.md'), 'utf8');
  const start = text.indexOf('The `message` object has the following fields:');
  if (start === -1) throw new Error('ollama-api.md no longer lists the message fields');
  const section = text.slice(start, text.indexOf('\n\n', text.indexOf('\n- ', start)));
  return [...section.matchAll(/^- `(\w+)`/gm)].map((match) => match[1] as string);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, types: readonly string[]): boolean {
  const actual = jsonType(value);
  return types.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

/**
 * Problems of `value` against schema `name`: missing required keys, keys the schema does not define (unless
 * it allows more, or `extraKeys` names them), and values of the wrong type; `$ref`s are followed.
 */
export function checkAgainstSchema(
  schemas: ReadonlyMap<string, SpecSchema>,
  name: string,
  value: unknown,
  path = name,
  extraKeys: Readonly<Record<string, readonly string[]>> = {},
): string[] {
  const schema = schemas.get(name);
  if (schema === undefined) return [`${path}: schema ${name} was not loaded`];
  if (jsonType(value) !== 'object') return [`${path}: expected an object`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of schema.required) {
    if (!(key in record)) problems.push(`${path}: missing required ${key}`);
  }
  for (const [key, item] of Object.entries(record)) {
    const property = schema.properties.get(key);
    if (property === undefined) {
      if (!schema.additionalProperties && !(extraKeys[name] ?? []).includes(key)) {
        problems.push(`${path}.${key}: not a property of ${name}`);
      }
      continue;
    }
    if (property.types.length > 0 && !typeMatches(item, property.types)) {
      problems.push(`${path}.${key}: ${jsonType(item)} is not ${property.types.join(' | ')}`);
    }
    if (property.ref !== undefined) {
      const items = Array.isArray(item) ? item : [item];
      items.forEach((entry, index) => {
        const entryPath = Array.isArray(item) ? `${path}.${key}[${index}]` : `${path}.${key}`;
        problems.push(...checkAgainstSchema(schemas, property.ref as string, entry, entryPath, extraKeys));
      });
    }
  }
  return problems;
}
