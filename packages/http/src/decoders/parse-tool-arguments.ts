import type { ToolCall } from '@core/types';

/**
 * Tool-call arguments from their JSON text, parsed once. Empty text means no arguments; text that is not
 * a JSON object is kept in `invalidArguments` so nothing the model said is lost.
 */
export function parseToolArguments(text: string): Pick<ToolCall, 'arguments' | 'invalidArguments'> {
  if (text.trim() === '') return { arguments: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { arguments: value as Record<string, unknown> };
    }
  } catch {
    // Falls through: the model's text is kept as invalidArguments.
  }
  return { arguments: {}, invalidArguments: text };
}
