import { readFile } from 'node:fs/promises';
import { hasSharedDirectory, sharedPath } from '@tooling/fixtures';
import { Ajv, type ValidateFunction } from 'ajv';

/** The Anthropic schemas an answer of `/v1/messages` is checked against (../shared/specs/MANIFEST.md). */
export type AnthropicAnswerSchema = 'Message' | 'MessageStreamEvent' | 'ErrorResponse';

const specFile = 'anthropic-openapi.stainless-mirror.json';
let compiled: Promise<Map<AnthropicAnswerSchema, ValidateFunction>> | undefined;

async function compile(): Promise<Map<AnthropicAnswerSchema, ValidateFunction>> {
  const document = JSON.parse(await readFile(sharedPath('specs', specFile), 'utf8')) as {
    components: Record<string, unknown>;
  };
  // strict: false ignores the vendor keywords (x-stainless-*, discriminator); formats are not checked.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<AnthropicAnswerSchema, ValidateFunction>();
  for (const name of ['Message', 'MessageStreamEvent', 'ErrorResponse'] as const) {
    validators.set(
      name,
      ajv.compile({ $ref: `#/components/schemas/${name}`, components: document.components }),
    );
  }
  return validators;
}

/** Whether the Anthropic spec is there to validate against (it lives in ../shared, which may be absent). */
export const canValidateAnthropicAnswers = hasSharedDirectory();

/**
 * The ways `value` breaks the named schema of Anthropic's published spec, empty when it conforms. The `error`
 * stream event has no schema of its own in the spec's event union: it is checked as `ErrorResponse`.
 */
export async function anthropicViolations(schema: AnthropicAnswerSchema, value: unknown): Promise<string[]> {
  compiled ??= compile();
  const validate = (await compiled).get(schema) as ValidateFunction;
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
  );
}
