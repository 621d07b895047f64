import {
  type GenerateOptions,
  type GenerateResponse,
  type GenerateStream,
  type ToolDefinition,
  UnsupportedOptionError,
  type Warning,
} from '@core/types';
import { describe, expect, it } from 'vitest';
import type { WireRequestView } from './read-wire-request.js';
import { collectStream, type SuiteContext } from './suite-context.js';

const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** One option a caller may set, and how to tell from the request on the wire that it was sent. */
interface OptionCase {
  option: string;
  options: GenerateOptions;
  carried: (view: WireRequestView) => boolean;
}

const mentions = (value: unknown, text: string): boolean =>
  value !== undefined && JSON.stringify(value).includes(text);

const optionCases: OptionCase[] = [
  { option: 'seed', options: { seed: 7 }, carried: (view) => view.seed === 7 },
  { option: 'topK', options: { topK: 5 }, carried: (view) => view.topK === 5 },
  { option: 'topP', options: { topP: 0.5 }, carried: (view) => view.topP === 0.5 },
  { option: 'temperature', options: { temperature: 0.3 }, carried: (view) => view.temperature === 0.3 },
  {
    option: 'reasoning',
    options: { reasoning: { effort: 'high' } },
    carried: (view) => mentions(view.reasoning, 'high') || mentions(view.reasoning, 'budget'),
  },
  {
    option: 'reasoning',
    options: { reasoning: { budgetTokens: 2048 } },
    carried: (view) => mentions(view.reasoning, '2048'),
  },
  {
    option: 'responseFormat',
    options: { responseFormat: { type: 'json' } },
    // Natively, or (where the wire has no JSON mode) asked for in the system prompt: honoured either way.
    carried: (view) => view.jsonMode || /JSON/.test(view.system ?? ''),
  },
  {
    option: 'toolChoice',
    options: { tools: [weatherTool], toolChoice: 'required' },
    carried: (view) => view.toolChoice !== undefined,
  },
];

function warningsFor(warnings: readonly Warning[], option: string): Warning[] {
  return warnings.filter(
    (warning) => warning.type === 'unsupported-option' && warning.option.startsWith(option),
  );
}

// Text a server without a tool parser writes for one call to get_weather(city: Paris), in each format.
const writtenCalls: Array<[string, string[]]> = [
  [
    'Qwen/Hermes <tool_call>',
    ['<tool', '_call>\n{"name": "get_weather", ', '"arguments": {"city": "Paris"}}\n</tool_call>'],
  ],
  ['Llama 3 <|python_tag|>', ['<|python', '_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}']],
  ['Mistral [TOOL_CALLS]', ['[TOOL_', 'CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]']],
  ['bare JSON', ['{"na', 'me": "get_weather", "arguments": {"city": "Paris"}}']],
];

/**
 * What every provider does alike with what it cannot honour and with what servers really send: options
 * dropped only with a warning (or an `UnsupportedOptionError` before sending), `<think>` blocks as
 * reasoning, tool calls written as text as tool calls, timings, and the error body kept.
 */
export function describeFidelityCases(context: SuiteContext): void {
  describe('fidelity: options are honoured or warned about, never dropped silently', () => {
    it.each(optionCases.map((item) => [item.option, JSON.stringify(item.options), item] as const))(
      '%s %s: sent on the wire, or a warning; with unsupportedOptions: error, a throw before sending',
      async (option, _label, item) => {
        context.mock.enqueue({ kind: 'text', text: '{"ok": true}' });
        const response = (await context.llm().agenerate('Answer.', item.options)) as GenerateResponse;
        const carried = item.carried(context.request());
        const warned = warningsFor(response.warnings, option);
        // Exactly one of the two: sent, or said not to be.
        expect({ carried, warned: warned.length > 0 }).toEqual({ carried, warned: !carried });
        for (const warning of warned) {
          expect(warning.provider).toBe(context.target.provider);
          expect(warning.message.length).toBeGreaterThan(10);
        }

        const before = context.mock.requests.length;
        context.mock.enqueue({ kind: 'text', text: '{"ok": true}' });
        let thrown: unknown;
        try {
          await context.llm({ unsupportedOptions: 'error' }).agenerate('Answer.', item.options);
        } catch (error) {
          thrown = error;
        }
        if (warned.length > 0) {
          expect(UnsupportedOptionError.isInstance(thrown)).toBe(true);
          expect(warningsFor((thrown as UnsupportedOptionError).warnings, option)).toEqual(warned);
          expect(context.mock.requests.length).toBe(before);
          context.mock.reset();
        } else {
          expect(thrown).toBeUndefined();
        }
      },
    );

    it('reports the same warnings on a stream’s completion, and per call overrides the LLM’s mode', async () => {
      context.mock.enqueue({ kind: 'text', text: 'ok' });
      const plain = await context.llm().agenerate('hi', { seed: 3, topK: 4 });
      context.mock.enqueue({ kind: 'text', text: 'ok' });
      const stream = (await context
        .llm({ unsupportedOptions: 'error' })
        .agenerate('hi', { seed: 3, topK: 4, stream: true, unsupportedOptions: 'warn' })) as GenerateStream;
      const { error } = await collectStream(stream);
      expect(error).toBeUndefined();
      expect((await stream.completion).warnings).toEqual(plain.warnings);
    });
  });

  describe('fidelity: what servers really send comes out normalised', () => {
    it('moves a leading <think> block to reasoning, stream and non-stream', async () => {
      context.mock.enqueue({ kind: 'text', text: '<think>\nThe user wants a greeting.\n</think>\n\nHello!' });
      const response = await context.llm().agenerate('Greet me.');
      expect(response.content).toBe('Hello!');
      expect(response.reasoning).toBe('The user wants a greeting.');
      expect(response.message.content).toBe('Hello!');

      context.mock.enqueue({
        kind: 'text',
        chunks: ['<thi', 'nk>The user wants ', 'a greeting.</th', 'ink>\n\nHel', 'lo!'],
      });
      const stream = (await context.llm().agenerate('Greet me.', { stream: true })) as GenerateStream;
      const { chunks, error } = await collectStream(stream);
      expect(error).toBeUndefined();
      expect(chunks.map((chunk) => chunk.content).join('')).toBe('Hello!');
      expect(chunks.map((chunk) => chunk.reasoning ?? '').join('')).toBe('The user wants a greeting.');
      for (const chunk of chunks) expect(chunk.content).not.toMatch(/[<>]/);
      const completion = await stream.completion;
      expect(completion.reasoning).toBe('The user wants a greeting.');
      expect(completion.content).toBe('Hello!');
    });

    if (context.target.features.tools) {
      it.each(writtenCalls)(
        'reads a tool call written as text (%s) as a tool call, stream and non-stream',
        async (_format, pieces) => {
          context.mock.enqueue({ kind: 'text', text: pieces.join('') });
          const response = await context.llm().agenerate('Weather in Paris?', { tools: [weatherTool] });
          expect(response.toolCalls).toEqual([
            { id: expect.any(String), name: 'get_weather', arguments: { city: 'Paris' } },
          ]);
          expect(response.content).toBe('');
          expect(response.finishReason).toBe('tool_calls');

          context.mock.enqueue({ kind: 'text', chunks: ['Checking. ', ...pieces] });
          const stream = (await context
            .llm()
            .agenerate('Weather in Paris?', { tools: [weatherTool], stream: true })) as GenerateStream;
          const { chunks, error } = await collectStream(stream);
          expect(error).toBeUndefined();
          // No piece of the call ever reaches the content.
          expect(chunks.map((chunk) => chunk.content).join('')).toBe('Checking. ');
          expect(chunks.flatMap((chunk) => chunk.toolCalls ?? [])).toEqual([
            { id: expect.any(String), name: 'get_weather', arguments: { city: 'Paris' } },
          ]);
          expect(chunks.at(-1)?.finishReason).toBe('tool_calls');
        },
      );

      it('leaves prose with braces alone when tools were offered', async () => {
        const text = 'Use {"city": "Paris"} as the input, or [city] in a template.';
        context.mock.enqueue({ kind: 'text', text });
        const response = await context.llm().agenerate('How?', { tools: [weatherTool] });
        expect(response.content).toBe(text);
        expect(response.toolCalls).toEqual([]);
        context.mock.enqueue({ kind: 'text', text });
        const stream = (await context
          .llm()
          .agenerate('How?', { tools: [weatherTool], stream: true })) as GenerateStream;
        const { chunks } = await collectStream(stream);
        expect(chunks.map((chunk) => chunk.content).join('')).toBe(text);
      });
    }

    it('reports timings on every response and on a stream’s completion', async () => {
      context.mock.enqueue({ kind: 'text', text: 'ok' });
      const response: GenerateResponse = await context.llm().agenerate('hi');
      expect(response.timings.totalMs).toBeGreaterThan(0);
      expect(response.timings.firstChunkMs).toBeUndefined();
      context.mock.enqueue({ kind: 'text', chunks: ['o', 'k'] });
      const stream = (await context.llm().agenerate('hi', { stream: true })) as GenerateStream;
      await collectStream(stream);
      const { timings } = await stream.completion;
      expect(timings.firstChunkMs).toBeGreaterThan(0);
      expect(timings.totalMs).toBeGreaterThanOrEqual(timings.firstChunkMs ?? Number.NaN);
    });

    it('keeps the response body and headers on an HTTP error, for reporting it upstream', async () => {
      context.mock.enqueue({
        kind: 'status',
        status: 400,
        body: { error: { message: 'max_tokens is too large: 999999', type: 'invalid_request_error' } },
        headers: { 'x-request-id': 'req_conformance_1' },
      });
      let thrown: unknown;
      try {
        await context.llm({ maxRetries: 0 }).agenerate('hi');
      } catch (error) {
        thrown = error;
      }
      const error = thrown as { responseBody?: string; responseHeaders?: Record<string, string> };
      expect(error.responseBody).toContain('max_tokens is too large: 999999');
      expect(error.responseHeaders?.['x-request-id']).toBe('req_conformance_1');
    });
  });
}
