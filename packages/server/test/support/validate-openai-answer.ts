import { hasSharedDirectory } from '@tooling/fixtures';
import { createSpecValidator } from './spec-validator.js';

/** The OpenAI schemas an OpenAI-shaped answer of this server is checked against (../shared/specs/MANIFEST.md). */
export type OpenAiAnswerSchema =
  | 'CreateChatCompletionResponse'
  | 'CreateChatCompletionStreamResponse'
  | 'ListModelsResponse'
  | 'Model'
  | 'CreateEmbeddingResponse'
  | 'ErrorResponse';

const validator = createSpecValidator<OpenAiAnswerSchema>('openai-openapi.yaml', [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ListModelsResponse',
  'Model',
  'CreateEmbeddingResponse',
  'ErrorResponse',
]);

/** Whether the OpenAI spec is there to validate against (it lives in ../shared, which may be absent). */
export const canValidateOpenAiAnswers = hasSharedDirectory();

/** The ways `value` breaks the named schema of OpenAI's published spec, empty when it conforms. */
export const openAiViolations = (schema: OpenAiAnswerSchema, value: unknown): Promise<string[]> =>
  validator.violations(schema, value);
