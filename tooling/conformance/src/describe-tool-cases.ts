import type { GenerateStream, Message, ToolDefinition } from '@core/types';
import { hasSharedDirectory } from '@tooling/fixtures';
import { describe, expect, it } from 'vitest';
import { collectStream, type SuiteContext } from './suite-context.js';
import { validateRequestBody } from './validate-request-body.js';

const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city'],
  },
};

/** Tool calls on the wire: offered, returned complete (also while streaming), and results sent back. */
export function describeToolCases(context: SuiteContext): void {
  if (!context.target.features.tools) return;
  describe('tool calls (wire side)', () => {
    it('offers the tools and returns the calls with parsed arguments', async () => {
      context.mock.enqueue({
        kind: 'text',
        text: '',
        toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }],
      });
      const response = await context.llm().agenerate('Weather in Paris?', { tools: [weatherTool] });
      expect(context.request().toolNames).toEqual(['get_weather']);
      expect(response.finishReason).toBe('tool_calls');
      expect(response.toolCalls).toEqual([
        { id: expect.any(String), name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
      ]);
      expect(response.message.toolCalls).toEqual(response.toolCalls);
    });

    it('emits each streamed tool call once, complete, with the finish reason', async () => {
      context.mock.enqueue({
        kind: 'text',
        text: '',
        toolCalls: [
          { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
          { id: 'call_b', name: 'get_weather', arguments: { city: 'Tokyo', unit: 'celsius' } },
        ],
      });
      const stream = (await context
        .llm()
        .agenerate('Weather in Paris and Tokyo?', { stream: true, tools: [weatherTool] })) as GenerateStream;
      const { chunks, error } = await collectStream(stream);
      expect(error).toBeUndefined();
      const calls = chunks.flatMap((chunk) => chunk.toolCalls ?? []);
      expect(calls).toEqual([
        { id: expect.any(String), name: 'get_weather', arguments: { city: 'Paris' } },
        { id: expect.any(String), name: 'get_weather', arguments: { city: 'Tokyo', unit: 'celsius' } },
      ]);
      expect(new Set(calls.map((call) => call.id)).size).toBe(2);
      expect(chunks.at(-1)?.finishReason).toBe('tool_calls');
    });

    it('sends earlier tool calls and their results back in a multi-turn conversation', async () => {
      context.mock.enqueue({ kind: 'text', text: 'It is 18 degrees in Paris.' });
      const messages: Message[] = [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: { city: 'Paris' } }],
        },
        { role: 'tool', toolCallId: 'call_7', toolName: 'get_weather', content: '{"temperature":18}' },
      ];
      const response = await context.llm().agenerate(messages, { tools: [weatherTool] });
      expect(response.content).toBe('It is 18 degrees in Paris.');
      const view = context.request();
      // Ollama's wire matches results to calls by order and name, not by id.
      const idsOnWire = context.target.wire !== 'ollama';
      const strip = <T extends { id: string | undefined }>(items: T[]) =>
        items.map(({ id, ...rest }) => (idsOnWire ? { id, ...rest } : rest));
      expect(strip(view.assistantToolCalls)).toEqual(
        strip([{ id: 'call_7', name: 'get_weather', arguments: { city: 'Paris' } }]),
      );
      expect(strip(view.toolResults)).toEqual(strip([{ id: 'call_7', content: '{"temperature":18}' }]));
      if (hasSharedDirectory()) {
        for (const request of context.mock.requests)
          expect(await validateRequestBody(context.target.wire, request.body)).toEqual([]);
      }
    }, 30_000);

    it('passes toolChoice to the wire when one is given', async () => {
      context.mock.enqueue({
        kind: 'text',
        text: '',
        toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }],
      });
      const response = await context
        .llm()
        .agenerate('Weather?', { tools: [weatherTool], toolChoice: { name: 'get_weather' } });
      expect(response.toolCalls[0]?.name).toBe('get_weather');
      const body = context.mock.requests.at(-1)?.body as Record<string, unknown>;
      // Ollama's wire has no tool choice: the call says so instead of dropping it.
      if (context.target.wire === 'ollama')
        expect(response.warnings).toContainEqual(expect.objectContaining({ option: 'toolChoice' }));
      else expect(body.tool_choice).toBeDefined();
    });
  });
}
