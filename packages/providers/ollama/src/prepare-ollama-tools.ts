import type { ToolChoice, ToolSpec } from '@core/types';
import type { OllamaWireTool } from './ollama-api.js';

/**
 * Tools in `/api/chat` form, or `undefined` when none are to be sent. Ollama has no `tool_choice`, so the
 * choice is approximated with what the wire has: `'none'` sends no tools, `{ name }` sends only that tool
 * (all of them when none has that name), and `'auto'` / `'required'` send them all (the model may still
 * answer in text: nothing on this wire forces a call).
 */
export function prepareOllamaTools(
  tools: readonly ToolSpec[] | undefined,
  toolChoice: ToolChoice | undefined,
): OllamaWireTool[] | undefined {
  if (tools === undefined || tools.length === 0 || toolChoice === 'none') return undefined;
  const named =
    typeof toolChoice === 'object' && toolChoice !== null
      ? tools.filter((tool) => tool.name === toolChoice.name)
      : [];
  return (named.length > 0 ? named : tools).map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
    },
  }));
}
