import { hasSharedDirectory } from '@tooling/fixtures';
import { createSpecValidator } from './spec-validator.js';

/** The Anthropic schemas an answer of `/v1/messages` is checked against (../shared/specs/MANIFEST.md). */
export type AnthropicAnswerSchema = 'Message' | 'MessageStreamEvent' | 'ErrorResponse';

const validator = createSpecValidator<AnthropicAnswerSchema>('anthropic-openapi.stainless-mirror.json', [
  'Message',
  'MessageStreamEvent',
  'ErrorResponse',
]);

/** Whether the Anthropic spec is there to validate against (it lives in ../shared, which may be absent). */
export const canValidateAnthropicAnswers = hasSharedDirectory();

/**
 * The ways `value` breaks the named schema of Anthropic's published spec, empty when it conforms. The `error`
 * stream event has no schema of its own in the spec's event union: it is checked as `ErrorResponse`.
 */
export const anthropicViolations = (schema: AnthropicAnswerSchema, value: unknown): Promise<string[]> =>
  validator.violations(schema, value);
