import { readFile } from 'node:fs/promises';
import { sharedPath } from '@tooling/fixtures';
import type { Wire } from '@tooling/mock-llm';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';

/** Which spec and schema describe a generation request on each wire (see ../shared/specs/MANIFEST.md). */
const requestSchemas: Record<Wire, { file: string; schema: string; yaml: boolean }> = {
  openai: { file: 'openai-openapi.yaml', schema: 'CreateChatCompletionRequest', yaml: true },
  anthropic: { file: 'anthropic-openapi.stainless-mirror.json', schema: 'CreateMessageParams', yaml: false },
  ollama: { file: 'ollama-openapi.yaml', schema: 'ChatRequest', yaml: true },
};

type Json = Record<string, unknown>;

// OpenAPI 3.0's `nullable` survives in 110 schemas of OpenAI's 3.1 spec; ajv only knows JSON Schema's
// `type: [..., 'null']`, so rewrite it once, in place.
function rewriteNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteNullable(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Json;
  if (record.nullable === true) {
    delete record.nullable;
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

interface CompiledSchema {
  validate: ValidateFunction;
  /** Every top-level property the schema defines, through `$ref` and `allOf`. */
  properties: Set<string>;
}

const compiled = new Map<Wire, Promise<CompiledSchema>>();

function collectProperties(schema: unknown, schemas: Json, into: Set<string>, depth = 0): void {
  if (typeof schema !== 'object' || schema === null || depth > 10) return;
  const record = schema as Json;
  if (typeof record.$ref === 'string') {
    collectProperties(schemas[record.$ref.replace('#/components/schemas/', '')], schemas, into, depth + 1);
  }
  for (const name of Object.keys((record.properties as Json | undefined) ?? {})) into.add(name);
  for (const part of (record.allOf as unknown[] | undefined) ?? [])
    collectProperties(part, schemas, into, depth + 1);
}

async function compile(wire: Wire): Promise<CompiledSchema> {
  const { file, schema, yaml } = requestSchemas[wire];
  const text = await readFile(sharedPath('specs', file), 'utf8');
  const document = (yaml ? parseYaml(text, { maxAliasCount: -1 }) : JSON.parse(text)) as { components: Json };
  rewriteNullable(document.components);
  // strict: false ignores vendor keywords (x-oaiTypeLabel, discriminator); formats are not our concern here.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schemas = document.components.schemas as Json;
  const properties = new Set<string>();
  collectProperties(schemas[schema], schemas, properties);
  return {
    validate: ajv.compile({ $ref: `#/components/schemas/${schema}`, components: document.components }),
    properties,
  };
}

/**
 * Checks a request body against the provider's published schema; resolves to the violations, empty when
 * the body conforms. Needs ../shared (callers skip without it).
 */
export async function validateRequestBody(wire: Wire, body: unknown): Promise<string[]> {
  let pending = compiled.get(wire);
  if (pending === undefined) {
    pending = compile(wire);
    compiled.set(wire, pending);
  }
  const { validate, properties } = await pending;
  // The schemas allow extra keys; a key the spec does not define is still a mistake on the official wire.
  const unknownKeys = Object.keys(typeof body === 'object' && body !== null ? body : {})
    .filter((key) => !properties.has(key))
    .map((key) => `/${key} is not a property of ${requestSchemas[wire].schema}`);
  if (validate(body)) return unknownKeys;
  return [
    ...unknownKeys,
    ...(validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
    ),
  ];
}
