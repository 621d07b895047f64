import { type GenerateResponse, type Message, ValidationError, type ValidationIssue } from '@core/types';
import { addUsage } from '../add-usage.js';
import { extractJsonCandidates } from '../model-output/extract-json.js';
import { validateWithSchema } from '../schema/to-json-schema.js';
import type { Call } from './resolve-call.js';
import { deadlineAfter } from './retry-loop.js';

async function readAnswer(
  call: Call,
  text: string,
): Promise<{ ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] }> {
  const schema = call.responseModel;
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
 * Step 6, a call with `responseModel`: the answer (from `runSteps`) is parsed as JSON and validated; an
 * invalid answer goes back to the model with the validation errors, at most `maxValidationRetries` times,
 * and then `ValidationError` carries the last raw text. Resolves to the validated value and the last
 * response (usage of all attempts).
 */
export async function runStructured(
  call: Call,
  runSteps: (call: Call, deadlineAt: number | undefined) => Promise<GenerateResponse>,
): Promise<{ value: unknown; response: GenerateResponse }> {
  let conversation: readonly Message[] = call.request.messages;
  let usage: GenerateResponse['usage'] | undefined;
  let issues: ValidationIssue[] = [];
  let rawText = '';
  const attempts = call.maxValidationRetries + 1;
  // One deadline for every attempt: `timeout` bounds the whole call.
  const deadlineAt = deadlineAfter(call.request.timeoutMs);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const asked = attempt === 1 ? call : { ...call, request: { ...call.request, messages: conversation } };
    const response = await runSteps(asked, deadlineAt);
    usage = usage === undefined ? response.usage : addUsage(usage, response.usage);
    rawText = response.content;
    const answer = await readAnswer(call, rawText);
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
    provider: call.provider,
    model: call.request.model,
    rawText,
    issues,
    attempts,
  });
}
