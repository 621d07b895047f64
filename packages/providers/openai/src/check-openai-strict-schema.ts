// OpenAI's strict mode (Structured Outputs) takes a subset of JSON Schema and answers 400 to anything else.
// The keyword and format lists follow pydantic-ai's profiles/openai.py (_STRICT_INCOMPATIBLE_KEYS,
// _STRICT_COMPATIBLE_STRING_FORMATS) plus the composition keywords OpenAI's guide lists as unsupported.
const incompatibleKeywords = new Set([
  'allOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'dependentRequired',
  'dependentSchemas',
  'default',
  'minLength',
  'maxLength',
  'patternProperties',
  'unevaluatedProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'uniqueItems',
]);

const compatibleFormats = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);

const lookaround = /\(\?<?[=!]/;

// Schemas nested under these keys are checked too (object values: one schema per key).
const schemaMaps = ['properties', '$defs', 'definitions'];
const schemaLists = ['anyOf', 'prefixItems'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isObjectSchema(schema: Record<string, unknown>): boolean {
  const type = schema.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || isRecord(schema.properties);
}

function isStrictNode(schema: unknown, depth: number): boolean {
  // Boolean schemas (`true`/`false`) and runaway nesting are not something strict mode takes.
  if (!isRecord(schema) || depth > 64) return false;
  if (typeof schema.$ref === 'string') return Object.keys(schema).length === 1; // no siblings beside $ref
  for (const key of Object.keys(schema)) if (incompatibleKeywords.has(key)) return false;
  if (schema.format !== undefined && !compatibleFormats.has(String(schema.format))) return false;
  if (typeof schema.pattern === 'string' && lookaround.test(schema.pattern)) return false;
  if (isObjectSchema(schema)) {
    if (schema.additionalProperties !== false) return false;
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const properties = isRecord(schema.properties) ? schema.properties : {};
    for (const name of Object.keys(properties)) if (!required.has(name)) return false;
  }
  for (const key of schemaMaps) {
    const map = schema[key];
    if (map === undefined) continue;
    if (!isRecord(map)) return false;
    for (const nested of Object.values(map)) if (!isStrictNode(nested, depth + 1)) return false;
  }
  for (const key of schemaLists) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return false;
    for (const nested of list) if (!isStrictNode(nested, depth + 1)) return false;
  }
  if (schema.items !== undefined && !isStrictNode(schema.items, depth + 1)) return false;
  return true;
}

/**
 * Whether OpenAI's strict mode can take `schema` as it is: an object at the root; every object closed
 * (`additionalProperties: false`) with every property required; no `default`, no keyword or string format
 * strict mode rejects, no `$ref` with siblings. We never rewrite a schema to make it fit (making optional
 * fields required-and-nullable would change what the model returns), so a schema that does not fit is sent
 * without `strict`.
 */
export function isOpenAIStrictSchema(schema: Record<string, unknown>): boolean {
  return isObjectSchema(schema) && schema.anyOf === undefined && isStrictNode(schema, 0);
}
