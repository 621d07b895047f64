import type { GenerateOptions, LLM } from '@core/types';
import type { ResolveLlm } from './resolve-llm.js';
import type { GenerateBodyOptions } from './schemas/generate-options.js';

const optionNames = [
  'systemPrompt',
  'messages',
  'model',
  'temperature',
  'maxTokens',
  'topP',
  'topK',
  'stop',
  'seed',
  'timeout',
  'toolChoice',
  'providerOptions',
] as const satisfies ReadonlyArray<keyof GenerateBodyOptions & keyof GenerateOptions>;

/**
 * The call options of a validated `/generate`, `/batch` or `/stream` body, named one by one so nothing the
 * schema did not list reaches `agenerate`. Tools are plain JSON Schema tools without `execute`: their calls
 * come back in the answer.
 */
export function toCallOptions(body: GenerateBodyOptions, signal: AbortSignal): GenerateOptions {
  const options: GenerateOptions = { signal };
  for (const name of optionNames) {
    if (body[name] !== undefined) (options as Record<string, unknown>)[name] = body[name];
  }
  if (body.tools !== undefined) {
    options.tools = body.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
    }));
  }
  return options;
}

/**
 * The LLM a `/generate`, `/batch` or `/stream` body goes to and its call options, the body's `model` replaced by
 * the one `resolveLlm` picked. Throws the resolver's 404 for an unknown `provider/`.
 */
export function toRoutedCall(
  body: GenerateBodyOptions,
  signal: AbortSignal,
  resolveLlm: ResolveLlm,
): { llm: LLM; options: GenerateOptions } {
  const options = toCallOptions(body, signal);
  const { llm, model } = resolveLlm(body.model);
  if (model === undefined) delete options.model;
  else options.model = model;
  return { llm, options };
}
