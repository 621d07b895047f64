import type { Wire } from '@tooling/mock-llm';
import { Ajv, type ValidateFunction } from 'ajv';
import { loadOpenApiComponents } from './load-openapi-components.js';

/** Which spec and schema describe a generation request on each wire (see ../shared/specs/MANIFEST.md). */
const requestSchemas: Record<Wire, { file: string; schema: string }> = {
  openai: { file: 'openai-openapi.yaml', schema: 'CreateChatCompletionRequest' },
  anthropic: { file: 'anthropic-openapi.stainless-mirror.json', schema: 'CreateMessageParams' },
  ollama: { file: 'ollama-openapi.yaml', schema: 'ChatRequest' },
};

type Json = Record<string, unknown>;

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
  const { file, schema } = requestSchemas[wire];
  const components = await loadOpenApiComponents(file);
  // strict: false ignores vendor keywords (x-oaiTypeLabel, discriminator); formats are not our concern here.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schemas = components.schemas as Json;
  const properties = new Set<string>();
  collectProperties(schemas[schema], schemas, properties);
  return {
    validate: ajv.compile({ $ref: `#/components/schemas/${schema}`, components }),
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
