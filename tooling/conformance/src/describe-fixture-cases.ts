import type { GenerateStream } from '@core/types';
import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { describe, expect, it } from 'vitest';
import type { FixtureCase } from './conformance-target.js';
import { collectStream, type SuiteContext } from './suite-context.js';

async function replay(context: SuiteContext, fixture: FixtureCase) {
  context.mock.enqueue(fixture.reply);
  const llm = context.llm({ maxRetries: 0 });
  try {
    if (!fixture.stream) {
      const response = await llm.agenerate('replay');
      return {
        content: response.content,
        reasoning: response.reasoning,
        toolCalls: response.toolCalls,
        usage: response.usage,
        finishReason: response.finishReason,
        error: undefined as unknown,
      };
    }
    const { chunks, error } = await collectStream(
      (await llm.agenerate('replay', { stream: true })) as GenerateStream,
    );
    const reasoning = chunks.map((chunk) => chunk.reasoning ?? '').join('');
    return {
      content: chunks.map((chunk) => chunk.content).join(''),
      reasoning: reasoning === '' ? undefined : reasoning,
      toolCalls: chunks.flatMap((chunk) => chunk.toolCalls ?? []),
      usage: chunks.at(-1)?.usage,
      finishReason: chunks.at(-1)?.finishReason,
      error,
    };
  } catch (error) {
    return {
      content: undefined,
      reasoning: undefined,
      toolCalls: [],
      usage: undefined,
      finishReason: undefined,
      error,
    };
  }
}

/** Recorded real transcripts replayed byte for byte through the provider. */
export function describeFixtureCases(context: SuiteContext): void {
  const fixtures = context.target.fixtures ?? [];
  if (fixtures.length === 0) return;
  describe.skipIf(!hasSharedDirectory())(
    `recorded transcripts ${hasSharedDirectory() ? '' : sharedMissingReason}`,
    () => {
      it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', async (_, fixture) => {
        const result = await replay(context, fixture);
        const expected = fixture.expect;
        if (expected.error !== undefined) {
          expect(expected.error(result.error), `unexpected error: ${String(result.error)}`).toBe(true);
        } else {
          expect(result.error).toBeUndefined();
        }
        if (expected.content !== undefined) expect(result.content).toBe(expected.content);
        if (expected.reasoning !== undefined) expect(result.reasoning).toBe(expected.reasoning);
        if (expected.toolCalls !== undefined) {
          expect(result.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args }))).toEqual(
            expected.toolCalls,
          );
          expect(result.toolCalls.every((call) => typeof call.id === 'string' && call.id !== '')).toBe(true);
        }
        if (expected.usage !== undefined) expect(result.usage).toMatchObject(expected.usage);
        if (expected.finishReason !== undefined) expect(result.finishReason).toBe(expected.finishReason);
      });
    },
  );
}
