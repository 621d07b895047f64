import {
  type GenerateResponse,
  type Message,
  type ProviderAdapter,
  ValidationError,
  type ValidationIssue,
} from '@core/types';
import { extractJsonCandidates } from '../model-output/extract-json.js';
import { addUsage } from '../pipeline/add-usage.js';
import type { CallContext } from '../pipeline/call-context.js';
import type { CallPlan } from '../pipeline/resolve-call.js';
import { deadlineAfter } from '../pipeline/retry-loop.js';
import { runGenerate } from '../pipeline/run-generate.js';
import { validateWithSchema } from '../schema/to-json-schema.js';

async function readAnswer(
  plan: CallPlan,
  text: string,
): Promise<{ ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] }> {
  const schema = plan.responseModel;
  if (schema === undefined) throw new TypeError('readAnswer needs a responseModel');
  const candidates = extractJsonCandidates(text);
  if (candidates.length === 0)
    return { ok: false, issues: [{ path: [], message: 'The answer is not JSON.' }] };
  let firstIssues: ValidationIssue[] | undefined;
  for (const candidate of candidates) {
    const checked = await validateWithSchema(schema, candidate.value);
    if (checked.ok) return checked;
    firstIssues ??= checked.issues;
  }
  return { ok: false, issues: firstIssues ?? [] };
}

function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

/**
 * A call with `responseModel`: the answer is parsed as JSON and validated; an invalid answer goes back to
 * the model with the validation errors, at most `maxValidationRetries` times, and then `ValidationError`
 * carries the last raw text. Resolves to the validated value and the last response (usage of all attempts).
 */
export async function runStructured(
  adapter: ProviderAdapter,
  plan: CallPlan,
  context: CallContext,
): Promise<{ value: unknown; response: GenerateResponse }> {
  let conversation: readonly Message[] = plan.request.messages;
  let usage: GenerateResponse['usage'] | undefined;
  let issues: ValidationIssue[] = [];
  let rawText = '';
  const attempts = plan.maxValidationRetries + 1;
  // One deadline for every attempt: `timeout` bounds the whole call.
  const deadlineAt = deadlineAfter(plan.request.timeoutMs);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await runGenerate(
      adapter,
      { ...plan, request: { ...plan.request, messages: conversation } },
      context,
      deadlineAt,
    );
    usage = usage === undefined ? response.usage : addUsage(usage, response.usage);
    rawText = response.content;
    const answer = await readAnswer(plan, rawText);
    if (answer.ok) return { value: answer.value, response: { ...response, usage } };
    issues = answer.issues;
    conversation = [
      ...conversation,
      response.message,
      {
        role: 'user',
        content: `That answer does not match the required JSON Schema: ${describeIssues(issues)}. Reply with only the corrected JSON.`,
      },
    ];
  }
  throw new ValidationError({
    message: `The model's answer did not match the response model after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeIssues(issues)}`,
    provider: adapter.provider,
    model: plan.request.model,
    rawText,
    issues,
    attempts,
  });
}
