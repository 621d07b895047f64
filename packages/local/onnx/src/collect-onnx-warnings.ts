import { type ProviderRequest, unsupportedOption, type Warning } from '@core/types';

const provider = 'onnx';

/**
 * The options of `request` that no local model can honour, whatever it is: known before a model loads.
 * Honoured, so silent: `temperature` (0 is greedy), `maxTokens`, `topP` (our logits processor), `topK`
 * (the sampler's `top_k`), `seed` (the worker reseeds per request), `stop`, `signal`, the timeouts,
 * `providerOptions` (transformers.js generation options), `toolChoice: 'none'`. Through `createLLM`,
 * `tools` and `responseFormat` never get here (capabilities say no native tools and no structured output,
 * so the pipeline writes both into the prompt); an adapter called directly with them is told they were
 * dropped. `reasoning` is mapped once the chat template is known (`mapOnnxReasoning`), except its
 * `budgetTokens`, which no template can hold.
 */
export function collectOnnxWarnings(request: ProviderRequest): Warning[] {
  const warnings: Warning[] = [];
  const hasTools = request.tools !== undefined && request.tools.length > 0;
  if (hasTools && request.toolChoice !== 'none') {
    warnings.push(
      unsupportedOption(
        provider,
        'tools',
        'onnx has no native tool calling, so the tools were not given to the model (through createLLM they are described in the prompt instead)',
      ),
    );
    if (request.toolChoice === 'required' || typeof request.toolChoice === 'object') {
      warnings.push(
        unsupportedOption(
          provider,
          'toolChoice',
          'onnx cannot make the model call a tool: it has no native tool calling',
        ),
      );
    }
  }
  if (request.responseFormat !== undefined) {
    warnings.push(
      unsupportedOption(
        provider,
        'responseFormat',
        'onnx cannot constrain output to JSON, so responseFormat was not applied (through createLLM the JSON is asked for in the prompt instead)',
      ),
    );
  }
  if (request.headers !== undefined && Object.keys(request.headers).length > 0) {
    warnings.push(
      unsupportedOption(
        provider,
        'headers',
        'onnx runs the model in this process: there is no HTTP request to carry headers',
      ),
    );
  }
  if (
    request.reasoning !== undefined &&
    request.reasoning !== false &&
    request.reasoning.budgetTokens !== undefined
  ) {
    warnings.push(
      unsupportedOption(
        provider,
        'reasoning.budgetTokens',
        'onnx cannot limit thinking tokens: a chat template has no thinking budget',
      ),
    );
  }
  return warnings;
}
