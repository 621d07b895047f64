import type { JsonSchema } from '@core/types';

/**
 * A Standard Schema with JSON Schema support (zod 4.2+, and others), seen through the interface it
 * publishes under `~standard`, so this package never imports zod itself.
 */
export interface StandardJsonSchema {
  '~standard': {
    validate(value: unknown): StandardResult | Promise<StandardResult>;
    jsonSchema?: { input(options: { target: string }): Record<string, unknown> };
  };
}

export type StandardResult =
  | { value: unknown; issues?: undefined }
  | { issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }> };

/** Whether `value` is a schema object (zod and friends) rather than a plain JSON Schema. */
export function isStandardSchema(value: unknown): value is StandardJsonSchema {
  return typeof value === 'object' && value !== null && '~standard' in value;
}

const cache = new WeakMap<object, JsonSchema>();

/**
 * The JSON Schema for a tool's parameters or a response model, converted once per schema object and
 * cached. `$schema` is dropped: several providers reject it inside tool definitions. Throws a TypeError
 * for a schema library that cannot describe itself as JSON Schema.
 */
export function toJsonSchema(schema: unknown, name: string): JsonSchema {
  if (!isStandardSchema(schema)) {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new TypeError(`${name} must be a zod schema or a JSON Schema object`);
    }
    return schema as JsonSchema;
  }
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  const convert = schema['~standard'].jsonSchema?.input;
  if (convert === undefined) {
    throw new TypeError(`${name}: this schema cannot be converted to JSON Schema (use zod 4.2 or later)`);
  }
  const { $schema: _, ...jsonSchema } = convert({ target: 'draft-2020-12' });
  cache.set(schema, jsonSchema);
  return jsonSchema;
}

/** Validates `value` against a schema object; resolves to the parsed value or the issues, with paths as strings. */
export async function validateWithSchema(
  schema: StandardJsonSchema,
  value: unknown,
): Promise<
  | { ok: true; value: unknown }
  | { ok: false; issues: Array<{ path: Array<string | number>; message: string }> }
> {
  const result = await schema['~standard'].validate(value);
  if (result.issues === undefined) return { ok: true, value: result.value };
  return {
    ok: false,
    issues: result.issues.map((issue) => ({
      message: issue.message,
      path: (issue.path ?? []).map((segment) => {
        const key = typeof segment === 'object' ? segment.key : segment;
        return typeof key === 'number' ? key : String(key);
      }),
    })),
  };
}
