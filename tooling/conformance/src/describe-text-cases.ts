import type { GenerateStream, Message } from '@core/types';
import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { describe, expect, it } from 'vitest';
import { collectStream, type SuiteContext } from './suite-context.js';
import { validateRequestBody } from './validate-request-body.js';

/** Text, streams, prompts, sampling options, stop sequences and usage: what every provider must do alike. */
export function describeTextCases(context: SuiteContext): void {
  describe('text', () => {
    it('returns the text with its finish reason, usage and model', async () => {
      context.mock.enqueue({
        kind: 'text',
        text: 'The capital of France is Paris.',
        usage: { input: 9, output: 7 },
      });
      const response = await context.llm().agenerate('What is the capital of France?');
      expect(response.content).toBe('The capital of France is Paris.');
      expect(response.finishReason).toBe('stop');
      expect(response.rawFinishReason).toEqual(expect.any(String));
      expect(response.usage.inputTokens).toBe(9);
      expect(response.usage.outputTokens).toBe(7);
      expect(response.usage.totalTokens).toBe(16);
      expect(response.provider).toBe(context.target.provider);
      expect(response.model).toBe('test-model');
      expect(response.toolCalls).toEqual([]);
      expect(response.message).toMatchObject({
        role: 'assistant',
        content: 'The capital of France is Paris.',
      });
      expect(context.request().stream).toBe(false);
    });

    it('streams the same text; only the last chunk carries the finish reason and usage', async () => {
      context.mock.enqueue({
        kind: 'text',
        chunks: ['The capital', ' of France', ' is', ' Paris.'],
        usage: { input: 9, output: 7 },
      });
      const stream = (await context
        .llm()
        .agenerate('What is the capital of France?', { stream: true })) as GenerateStream;
      const { chunks, error } = await collectStream(stream);
      expect(error).toBeUndefined();
      expect(chunks.map((chunk) => chunk.content).join('')).toBe('The capital of France is Paris.');
      expect(chunks.filter((chunk) => chunk.finishReason !== undefined)).toHaveLength(1);
      const last = chunks.at(-1);
      expect(last?.finishReason).toBe('stop');
      expect(last?.usage).toMatchObject({ inputTokens: 9, outputTokens: 7, totalTokens: 16 });
      expect(context.request().stream).toBe(true);
    });

    it('places the system prompt and keeps multi-turn order', async () => {
      context.mock.enqueue({ kind: 'text', text: 'It is used for scripting and data work.' });
      const messages: Message[] = [
        { role: 'user', content: 'What is Python?' },
        { role: 'assistant', content: 'A programming language.' },
      ];
      await context.llm().agenerate('What are its main use cases?', { systemPrompt: 'Be brief.', messages });
      const view = context.request();
      expect(view.system).toBe('Be brief.');
      expect(view.turns).toEqual([
        { role: 'user', text: 'What is Python?' },
        { role: 'assistant', text: 'A programming language.' },
        { role: 'user', text: 'What are its main use cases?' },
      ]);
    });

    it('sends sampling options in the wire spelling', async () => {
      context.mock.enqueue({ kind: 'text', text: 'ok' });
      await context
        .llm({ temperature: 0.1 })
        .agenerate('hi', { temperature: 0.4, maxTokens: 33, topP: 0.8, seed: 5, stop: ['###'] });
      const view = context.request();
      expect(view.temperature).toBe(0.4);
      expect(view.maxTokens).toBe(33);
      expect(view.topP).toBe(0.8);
      expect(view.stop).toEqual(['###']);
      if (context.target.features.seed !== false) expect(view.seed).toBe(5);
    });

    it('ends text at a stop sequence, stream and non-stream', async () => {
      context.mock.enqueue({ kind: 'text', chunks: ['alpha ', 'beta ST', 'OP gamma'] });
      const response = await context.llm().agenerate('go', { stop: ['STOP'] });
      expect(response.content).toBe('alpha beta ');
      expect(response.finishReason).toBe('stop');
      context.mock.enqueue({ kind: 'text', chunks: ['alpha ', 'beta ST', 'OP gamma'] });
      const stream = (await context
        .llm()
        .agenerate('go', { stream: true, stop: ['STOP'] })) as GenerateStream;
      const { chunks } = await collectStream(stream);
      expect(chunks.map((chunk) => chunk.content).join('')).toBe('alpha beta ');
      expect(chunks.at(-1)?.finishReason).toBe('stop');
    });

    it('reports a length finish', async () => {
      context.mock.enqueue({ kind: 'text', text: 'cut', finishReason: 'length' });
      expect((await context.llm().agenerate('long', { maxTokens: 1 })).finishReason).toBe('length');
    });

    it('keeps multi-byte characters whole when the wire splits them', async () => {
      const text = 'Grüße, café: 中文字符 😀🚀 end';
      context.mock.enqueue({ kind: 'split-utf8', text });
      const stream = (await context.llm().agenerate('unicode', { stream: true })) as GenerateStream;
      const { chunks, error } = await collectStream(stream);
      expect(error).toBeUndefined();
      expect(chunks.map((chunk) => chunk.content).join('')).toBe(text);
      context.mock.enqueue({ kind: 'split-utf8', text });
      expect((await context.llm().agenerate('unicode')).content).toBe(text);
    });

    if (context.target.features.reasoning) {
      it('returns reasoning beside the text, stream and non-stream', async () => {
        context.mock.enqueue({ kind: 'text', text: 'Paris.', reasoning: 'France; capital; Paris.' });
        const response = await context.llm().agenerate('capital?');
        expect(response.reasoning).toBe('France; capital; Paris.');
        expect(response.content).toBe('Paris.');
        context.mock.enqueue({ kind: 'text', text: 'Paris.', reasoning: 'France; capital; Paris.' });
        const stream = (await context.llm().agenerate('capital?', { stream: true })) as GenerateStream;
        const { chunks } = await collectStream(stream);
        expect(chunks.map((chunk) => chunk.reasoning ?? '').join('')).toBe('France; capital; Paris.');
        expect(chunks.map((chunk) => chunk.content).join('')).toBe('Paris.');
      });
    }

    if (context.target.features.images) {
      it('sends image parts', async () => {
        context.mock.enqueue({ kind: 'text', text: 'A red square.' });
        const pixel = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
        await context.llm().agenerate([
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', image: pixel, mediaType: 'image/png' },
            ],
          },
        ]);
        const view = context.request();
        expect(view.images).toBe(1);
        expect(view.turns.at(-1)?.text).toContain('What is this?');
      });
    }

    describe.skipIf(!hasSharedDirectory())(
      `request bodies against the published spec ${hasSharedDirectory() ? '' : sharedMissingReason}`,
      () => {
        it('generation requests conform to the schema, stream and non-stream', async () => {
          context.mock.enqueue({ kind: 'text', text: 'ok' }, { kind: 'text', text: 'ok' });
          await context
            .llm()
            .agenerate('hi', { systemPrompt: 'sys', temperature: 0.2, maxTokens: 10, stop: ['x'] });
          await collectStream((await context.llm().agenerate('hi', { stream: true })) as GenerateStream);
          const bodies = context.mock.requests
            .filter((request) => request.wire === context.target.wire)
            .map((request) => request.body);
          for (const body of bodies) expect(await validateRequestBody(context.target.wire, body)).toEqual([]);
        }, 30_000);
      },
    );
  });
}
