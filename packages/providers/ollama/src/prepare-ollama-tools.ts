import { type ToolChoice, type ToolSpec, unsupportedOption, type Warning } from '@core/types';
import type { OllamaWireTool } from './ollama-api.js';
import { ollamaProvider } from './ollama-options.js';

/** The wire's `tools`, and a warning when the tool choice could only be approximated. */
export interface PreparedOllamaTools {
  tools?: OllamaWireTool[];
  warnings: Warning[];
}

/**
 * Tools in `/api/chat` form; none are sent when there are none to send. Ollama has no `tool_choice`
 * (ChatRequest in ollama-openapi.yaml), so the choice is approximated with what the wire has: `'none'`
 * sends no tools, `{ name }` sends only that tool (all of them when none has that name), and `'auto'` /
 * `'required'` send them all. Nothing on this wire forces a call, so `'required'` and `{ name }` come with
 * a `toolChoice` warning: the model may still answer in text.
 */
export function prepareOllamaTools(
  tools: readonly ToolSpec[] | undefined,
  toolChoice: ToolChoice | undefined,
): PreparedOllamaTools {
  if (tools === undefined || tools.length === 0 || toolChoice === 'none') return { warnings: [] };
  const warnings: Warning[] = [];
  let chosen: readonly ToolSpec[] = tools;
  if (typeof toolChoice === 'object' && toolChoice !== null) {
    const named = tools.filter((tool) => tool.name === toolChoice.name);
    if (named.length > 0) chosen = named;
    warnings.push(
      unsupportedOption(
        ollamaProvider,
        'toolChoice',
        `Ollama cannot force a tool call: toolChoice { name: '${toolChoice.name}' } sent ${named.length > 0 ? 'only that tool' : 'every tool (none has that name)'}, and the model may answer without calling it`,
      ),
    );
  } else if (toolChoice === 'required') {
    warnings.push(
      unsupportedOption(
        ollamaProvider,
        'toolChoice',
        "Ollama cannot force a tool call: toolChoice 'required' sent the tools, and the model may answer without calling one",
      ),
    );
  }
  return {
    tools: chosen.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
      },
    })),
    warnings,
  };
}
