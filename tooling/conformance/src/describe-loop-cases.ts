import { type GenerateStream, type ToolDefinition, ValidationError } from '@core/types';
import type { Reply } from '@tooling/mock-llm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collectStream, type SuiteContext } from './suite-context.js';

const city = z.object({ name: z.string(), country: z.string(), population: z.number().int() });

/** The tool loop and structured output through the pipeline, on the provider's own wire. */
export function describeLoopCases(context: SuiteContext): void {
  const { wire } = context.target;
  // Anthropic's structured output is a forced tool call named after the format ('response'); the others
  // answer in text under a JSON schema response format.
  const jsonReply = (value: unknown): Reply =>
    wire === 'anthropic'
      ? {
          kind: 'text',
          text: '',
          toolCalls: [{ name: 'response', arguments: value as Record<string, unknown> }],
        }
      : { kind: 'text', text: JSON.stringify(value) };

  describe('tool loop and structured output (pipeline)', () => {
    if (context.target.features.tools) {
      const executed: unknown[] = [];
      const weather: ToolDefinition = {
        name: 'get_weather',
        description: 'The current weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        execute: (args) => {
          executed.push(args);
          return { city: (args as { city: string }).city, temperature: 18 };
        },
      };

      it('runs a two-step tool loop: the call, the tool, the result sent back, the answer', async () => {
        executed.length = 0;
        context.mock.enqueue(
          {
            kind: 'text',
            text: '',
            toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris' } }],
          },
          { kind: 'text', text: 'It is 18 degrees in Paris.' },
        );
        const response = await context
          .llm()
          .agenerate('Weather in Paris?', { tools: [weather], maxSteps: 3 });
        expect(executed).toEqual([{ city: 'Paris' }]);
        expect(response.content).toBe('It is 18 degrees in Paris.');
        expect(response.steps).toBe(2);
        expect(response.messages.map((message) => message.role)).toEqual(['assistant', 'tool', 'assistant']);
        const second = context.request(1);
        expect(second.toolResults).toHaveLength(1);
        expect(JSON.parse(second.toolResults[0]?.content ?? '{}')).toEqual({
          city: 'Paris',
          temperature: 18,
        });
        expect(second.assistantToolCalls.map((call) => call.name)).toEqual(['get_weather']);
      });

      it('runs the same loop while streaming; only the final step finishes the stream', async () => {
        executed.length = 0;
        context.mock.enqueue(
          {
            kind: 'text',
            text: '',
            toolCalls: [{ id: 'call_w2', name: 'get_weather', arguments: { city: 'Oslo' } }],
          },
          { kind: 'text', chunks: ['Cold', ' in Oslo.'] },
        );
        const stream = (await context
          .llm()
          .agenerate('Weather in Oslo?', { tools: [weather], maxSteps: 3, stream: true })) as GenerateStream;
        const { chunks, error } = await collectStream(stream);
        expect(error).toBeUndefined();
        expect(executed).toEqual([{ city: 'Oslo' }]);
        expect(chunks.map((chunk) => chunk.content).join('')).toBe('Cold in Oslo.');
        expect(chunks.filter((chunk) => chunk.finishReason !== undefined)).toHaveLength(1);
        expect(chunks.at(-1)?.finishReason).toBe('stop');
        const completion = await stream.completion;
        expect(completion.steps).toBe(2);
        expect(context.mock.requests.filter((request) => request.wire === wire)).toHaveLength(2);
      });

      it('returns tool calls unrun when maxSteps is 1 (the default)', async () => {
        executed.length = 0;
        context.mock.enqueue({
          kind: 'text',
          text: '',
          toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' } }],
        });
        const response = await context.llm().agenerate('Weather in Rome?', { tools: [weather] });
        expect(executed).toEqual([]);
        expect(response.toolCalls.map((call) => call.arguments)).toEqual([{ city: 'Rome' }]);
      });
    }

    it('resolves to the validated object of a responseModel', async () => {
      const paris = { name: 'Paris', country: 'France', population: 2_100_000 };
      context.mock.enqueue(jsonReply(paris));
      const result = await context.llm().agenerate('Describe Paris', { responseModel: city });
      expect(result).toEqual(paris);
    });

    it('sends an invalid structured answer back with its errors once, then takes the corrected one', async () => {
      const corrected = { name: 'Lyon', country: 'France', population: 520_000 };
      context.mock.enqueue(
        jsonReply({ name: 'Lyon', country: 'France', population: 'many' }),
        jsonReply(corrected),
      );
      const result = await context.llm().agenerate('Describe Lyon', { responseModel: city });
      expect(result).toEqual(corrected);
      const second = context.request(1);
      expect(second.turns.at(-1)?.role).toBe('user');
      expect(second.turns.at(-1)?.text).toContain('population');
    });

    it('throws ValidationError with the last raw text when the answers never validate', async () => {
      context.mock.enqueue(jsonReply({ name: 'Nowhere' }), jsonReply({ name: 'Nowhere' }));
      const error = await context
        .llm()
        .agenerate('Describe Nowhere', { responseModel: city, maxValidationRetries: 1 })
        .catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).rawText).toContain('Nowhere');
      expect((error as ValidationError).attempts).toBe(2);
    });
  });
}
