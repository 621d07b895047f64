import { isOpenAIStrictSchema } from './check-openai-strict-schema.js';
import type { OpenAIWireResponseFormat, OpenAIWireTool, OpenAIWireToolInput } from './openai-api.js';

/**
 * Tools as OpenAI takes them: openai-compatible's function tools, each with `strict: true` when its
 * schema fits strict mode (as pydantic-ai sends them: derived/pydantic-ai__test_run_stream_sync_streams_real_model.0.request.json),
 * so the arguments always parse and match; a schema that does not fit goes without `strict`.
 */
export function prepareOpenAITools(tools: readonly OpenAIWireToolInput[]): OpenAIWireTool[] {
  return tools.map((tool) =>
    isOpenAIStrictSchema(tool.function.parameters)
      ? { type: 'function', function: { ...tool.function, strict: true } }
      : tool,
  );
}

// OpenAI: "Must be a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64."
function responseFormatName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'response' : cleaned;
}

/**
 * `response_format` for OpenAI: a JSON schema gets a name OpenAI accepts and `strict: true` when the schema
 * fits strict mode; JSON mode (`json_object`) is sent as it is.
 */
export function prepareOpenAIResponseFormat(
  responseFormat: OpenAIWireResponseFormat,
): OpenAIWireResponseFormat {
  if (responseFormat.type !== 'json_schema') return responseFormat;
  const { name, schema } = responseFormat.json_schema;
  return {
    type: 'json_schema',
    json_schema: {
      name: responseFormatName(name),
      schema,
      ...(isOpenAIStrictSchema(schema) ? { strict: true } : {}),
    },
  };
}
