import type { ToolChoice, ToolSpec } from '@core/types';
import type { WireTool, WireToolChoice } from './openai-compatible-api.js';
import type { StrictSchemaRules } from './openai-compatible-preset.js';

/**
 * Tools and the tool choice in Chat Completions form; nothing is sent when there are no tools. With
 * `strictSchemas` (OpenAI), a tool whose parameters fit strict mode goes with `strict: true`, so its
 * arguments always parse and match.
 */
export function prepareOpenAICompatibleTools(
  tools: readonly ToolSpec[] | undefined,
  toolChoice: ToolChoice | undefined,
  strictSchemas: StrictSchemaRules | undefined,
): { tools?: WireTool[]; tool_choice?: WireToolChoice } {
  if (tools === undefined || tools.length === 0) return {};
  const wireTools: WireTool[] = tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
      ...(strictSchemas?.isStrict(tool.parameters) === true ? { strict: true } : {}),
    },
  }));
  if (toolChoice === undefined) return { tools: wireTools };
  return {
    tools: wireTools,
    tool_choice:
      typeof toolChoice === 'string' ? toolChoice : { type: 'function', function: { name: toolChoice.name } },
  };
}
