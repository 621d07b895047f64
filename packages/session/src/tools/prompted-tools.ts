import type { Message, ToolCall, ToolChoice, ToolSpec } from '@core/types';
import { extractJsonCandidates, removeSpan } from '../model-output/extract-json.js';

/**
 * Tool calling for providers without it natively (capabilities.tools false): the tools are described in
 * the system prompt, calls are parsed from the answer, and earlier calls and results are replayed as text.
 */
export function promptedToolInstructions(
  tools: readonly ToolSpec[],
  toolChoice: ToolChoice | undefined,
): string {
  const lines = tools.map(
    (tool) =>
      `- ${tool.name}${tool.description === undefined ? '' : `: ${tool.description}`}\n  parameters (JSON Schema): ${JSON.stringify(tool.parameters)}`,
  );
  const must =
    toolChoice === 'required'
      ? 'You must call at least one tool.'
      : typeof toolChoice === 'object'
        ? `You must call the tool ${toolChoice.name}.`
        : 'If no tool is needed, answer normally.';
  return [
    'You can call these tools:',
    ...lines,
    'To call tools, answer with only this JSON and nothing else:',
    '{"tool_calls": [{"name": "<tool name>", "arguments": {<arguments>}}]}',
    must,
  ].join('\n');
}

/** Earlier tool calls and results, as text a model without tool support can read. */
export function toPromptedMessages(messages: readonly Message[]): Message[] {
  return messages.map((message): Message => {
    if (message.role === 'assistant' && message.toolCalls !== undefined && message.toolCalls.length > 0) {
      const calls = message.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments }));
      const json = JSON.stringify({ tool_calls: calls });
      return { role: 'assistant', content: message.content === '' ? json : `${message.content}\n${json}` };
    }
    if (message.role === 'tool') {
      return {
        role: 'user',
        content: `Result of the tool ${message.toolName ?? message.toolCallId}${message.isError ? ' (failed)' : ''}: ${message.content}`,
      };
    }
    return message;
  });
}

function readCall(value: unknown): { name: string; arguments: Record<string, unknown> } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as { name?: unknown; arguments?: unknown; parameters?: unknown };
  if (typeof record.name !== 'string' || record.name === '') return undefined;
  let args = record.arguments ?? record.parameters ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return undefined;
    }
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  return { name: record.name, arguments: args as Record<string, unknown> };
}

/**
 * Tool calls in a model's answer: `{"tool_calls": [...]}`, a bare `{"name", "arguments"}` object or an array
 * of them, fenced or not, for tools that exist. Returns the calls and the text with the JSON taken out.
 */
export function parsePromptedToolCalls(
  text: string,
  tools: readonly ToolSpec[],
  idPrefix: string,
): { content: string; toolCalls: ToolCall[] } {
  const known = new Set(tools.map((tool) => tool.name));
  for (const candidate of extractJsonCandidates(text)) {
    const value = candidate.value as { tool_calls?: unknown };
    const list = Array.isArray(value) ? value : Array.isArray(value?.tool_calls) ? value.tool_calls : [value];
    const calls = list.map(readCall);
    if (calls.length === 0 || calls.some((call) => call === undefined || !known.has(call.name))) continue;
    return {
      content: removeSpan(text, candidate.start, candidate.end),
      toolCalls: calls.map((call, index) => ({
        id: `${idPrefix}_${index + 1}`,
        name: (call as { name: string }).name,
        arguments: (call as { arguments: Record<string, unknown> }).arguments,
      })),
    };
  }
  return { content: text, toolCalls: [] };
}
