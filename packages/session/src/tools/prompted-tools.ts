import type { Message, ToolChoice, ToolSpec } from '@core/types';

/**
 * Tool calling for providers without it natively (capabilities.tools false): the tools are described in
 * the system prompt, calls are parsed from the answer (`parseTextToolCalls`, as for any provider), and
 * earlier calls and results are replayed as text.
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
