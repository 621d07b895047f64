import type { ResponseFormat, ToolChoice, ToolSpec } from '@core/types';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-api.js';
import { defaultJsonToolName } from './anthropic-options.js';

/** The wire's `tools` and `tool_choice`, and the name of the tool that carries structured output, if any. */
export interface PreparedAnthropicTools {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  /** Set when the response format asked for a schema: a `tool_use` of this name is the answer, not a call. */
  jsonToolName?: string;
}

// Tool names must match ^[a-zA-Z0-9_-]{1,128}$ (Tool.name in the spec).
function toolName(name: string | undefined): string {
  const cleaned = (name ?? '').replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 128);
  return cleaned === '' ? defaultJsonToolName : cleaned;
}

function convertToolChoice(toolChoice: ToolChoice): AnthropicToolChoice {
  if (typeof toolChoice === 'object') return { type: 'tool', name: toolChoice.name };
  switch (toolChoice) {
    case 'required':
      return { type: 'any' };
    case 'none':
      return { type: 'none' };
    default:
      return { type: 'auto' };
  }
}

/**
 * Tools and the tool choice in Messages API form; nothing is sent when there are none. A response format
 * with a schema uses Anthropic's native structured output: a tool whose `input_schema` is the schema, forced
 * with `tool_choice: {type:'tool'}`. Beside the caller's own tools it is forced with `{type:'any'}` instead
 * (the model calls one of them or answers through it), unless the caller named a tool or said `none`.
 * Extended thinking refuses forced tool use, so with `thinkingEnabled` our own choice is `auto`.
 */
export function prepareAnthropicTools(
  tools: readonly ToolSpec[] | undefined,
  toolChoice: ToolChoice | undefined,
  responseFormat: ResponseFormat | undefined,
  thinkingEnabled: boolean,
): PreparedAnthropicTools {
  const wireTools: AnthropicTool[] = (tools ?? []).map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.parameters,
  }));
  const schema = responseFormat?.schema;
  if (schema === undefined) {
    if (wireTools.length === 0) return {};
    return toolChoice === undefined
      ? { tools: wireTools }
      : { tools: wireTools, tool_choice: convertToolChoice(toolChoice) };
  }

  const jsonToolName = toolName(responseFormat?.name);
  const jsonTool: AnthropicTool = {
    name: jsonToolName,
    description: 'Respond with a JSON object that matches this schema.',
    input_schema: schema,
  };
  if (wireTools.length === 0 || toolChoice === 'none') {
    return {
      tools: [jsonTool],
      tool_choice: thinkingEnabled ? { type: 'auto' } : { type: 'tool', name: jsonToolName },
      jsonToolName,
    };
  }
  let choice: AnthropicToolChoice;
  if (typeof toolChoice === 'object') choice = { type: 'tool', name: toolChoice.name };
  else if (thinkingEnabled) choice = { type: 'auto' };
  else choice = { type: 'any' };
  return { tools: [...wireTools, jsonTool], tool_choice: choice, jsonToolName };
}
