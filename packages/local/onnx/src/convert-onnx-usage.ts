import type { Usage } from '@core/types';
import type { GenerationReport } from './worker-messages.js';

/** Usage as the model's tokenizer counted it: the templated prompt, and every token generated (an end token included). */
export function convertOnnxUsage(report: GenerationReport): Usage {
  return {
    inputTokens: report.inputTokens,
    outputTokens: report.outputTokens,
    totalTokens: report.inputTokens + report.outputTokens,
  };
}
