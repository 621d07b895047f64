import {
  type ResponseFormat,
  type ToolChoice,
  type ToolSpec,
  unsupportedOption,
  type Warning,
} from '@core/types';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-api.js';
import { anthropicProvider, defaultJsonToolName } from './anthropic-options.js';

/** The wire's `tools` and `tool_choice`, the name of the tool that carries structured output, and warnings. */
export interface PreparedAnthropicTools {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  /** Set when the response format asked for JSON: a `tool_use` of this name is the answer, not a call. */
  jsonToolName?: string;
  warnings: Warning[];
}

// A JSON answer without a schema: any object, so the tool input (always an object) is the answer as given.
const openObjectSchema: Record<string, unknown> = { type: 'object', additionalProperties: true };

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

// https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#extended-thinking-with-tool-use:
// with thinking, only `auto` and `none` are accepted; `any` and `tool` are a 400.
function forcedToolChoiceWarning(toolChoice: ToolChoice): Warning {
  const asked = typeof toolChoice === 'object' ? `{ name: '${toolChoice.name}' }` : `'${toolChoice}'`;
  return unsupportedOption(
    anthropicProvider,
    'toolChoice',
    `Anthropic refuses forced tool use with extended thinking on: toolChoice ${asked} was sent as auto, so the model may answer without calling a tool`,
  );
}

/**
 * Tools and the tool choice in Messages API form; nothing is sent when there are none. A JSON response
 * format uses Anthropic's native structured output: a tool whose `input_schema` is the schema (an open
 * object schema when there is none), forced with `tool_choice: {type:'tool'}`. Beside the caller's own
 * tools it is forced with `{type:'any'}` instead (the model calls one of them or answers through it),
 * unless the caller named a tool or said `none`. Extended thinking refuses forced tool use, so with
 * `thinkingEnabled` the choice is `auto`, with a warning for the caller's forced choice and one saying the
 * JSON tool may be passed over.
 */
export function prepareAnthropicTools(
  tools: readonly ToolSpec[] | undefined,
  toolChoice: ToolChoice | undefined,
  responseFormat: ResponseFormat | undefined,
  thinkingEnabled: boolean,
): PreparedAnthropicTools {
  const warnings: Warning[] = [];
  const wireTools: AnthropicTool[] = (tools ?? []).map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.parameters,
  }));
  const forcesCallerTool = toolChoice === 'required' || typeof toolChoice === 'object';

  if (responseFormat === undefined) {
    if (wireTools.length === 0) return { warnings };
    if (toolChoice === undefined) return { tools: wireTools, warnings };
    if (thinkingEnabled && forcesCallerTool) {
      warnings.push(forcedToolChoiceWarning(toolChoice));
      return { tools: wireTools, tool_choice: { type: 'auto' }, warnings };
    }
    return { tools: wireTools, tool_choice: convertToolChoice(toolChoice), warnings };
  }

  const jsonToolName = toolName(responseFormat.name);
  const jsonTool: AnthropicTool = {
    name: jsonToolName,
    description:
      responseFormat.schema === undefined
        ? 'Respond with a JSON object.'
        : 'Respond with a JSON object that matches this schema.',
    input_schema: responseFormat.schema ?? openObjectSchema,
  };
  const callerTools = toolChoice === 'none' ? [] : wireTools;
  if (thinkingEnabled) {
    if (callerTools.length > 0 && forcesCallerTool) warnings.push(forcedToolChoiceWarning(toolChoice));
    warnings.push({
      type: 'other',
      provider: anthropicProvider,
      message:
        'Anthropic refuses forced tool use with extended thinking on: the JSON answer tool was offered with tool_choice auto, so the model may answer in text, which is then the content',
    });
    return { tools: [...callerTools, jsonTool], tool_choice: { type: 'auto' }, jsonToolName, warnings };
  }
  let choice: AnthropicToolChoice;
  if (callerTools.length === 0) choice = { type: 'tool', name: jsonToolName };
  else if (typeof toolChoice === 'object') choice = { type: 'tool', name: toolChoice.name };
  else choice = { type: 'any' };
  return { tools: [...callerTools, jsonTool], tool_choice: choice, jsonToolName, warnings };
}
