import type { StrictSchemaRules } from '@provider/openai-compatible';
import { isOpenAIStrictSchema } from './check-openai-strict-schema.js';

// OpenAI: "Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."
function openAISchemaName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'response' : cleaned;
}

/**
 * OpenAI's Structured Outputs, applied while the body is built: a tool's parameters and a `json_schema`
 * go with `strict: true` when the schema fits strict mode as written (as pydantic-ai sends them:
 * derived/pydantic-ai__test_run_stream_sync_streams_real_model.0.request.json), so the arguments always
 * parse and match; one that does not fit goes unchanged, without `strict`. JSON mode goes as it is.
 */
export const openAIStrictSchemas: StrictSchemaRules = {
  isStrict: isOpenAIStrictSchema,
  schemaName: openAISchemaName,
};
