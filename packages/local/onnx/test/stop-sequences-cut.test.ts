import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

// Greedy from "Once upon a time": ", there was a little girl named Lily. She loved to play outside …"
describe.skipIf(!hasStoriesModel)(`stop sequences end generation in the worker${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0, temperature: 0, maxTokens: 32 });
  });
  afterAll(() => llm.unloadModel());

  it('cuts before the stop sequence and stops generating there (fewer tokens than maxTokens)', async () => {
    const response = await llm.agenerate('Once upon a time', { stop: ['Lily'] });
    expect(response.content).toBe(', there was a little girl named ');
    expect(response.finishReason).toBe('stop');
    expect(response.rawFinishReason).toBe('stop_sequence');
    expect(response.usage.outputTokens).toBeLessThan(12);
  });

  it('finds a stop sequence that spans tokens, and the earliest of several', async () => {
    const spanning = await llm.agenerate('Once upon a time', { stop: ['girl na'] });
    expect(spanning.content).toBe(', there was a little ');
    const earliest = await llm.agenerate('Once upon a time', { stop: ['park', 'loved'] });
    expect(earliest.content).toBe(', there was a little girl named Lily. She ');
  });

  it('streams the same cut text, never a piece of the stop sequence', async () => {
    const chunks: string[] = [];
    const stream = await llm.agenerate('Once upon a time', { stop: ['Lily. She'], stream: true });
    for await (const chunk of stream) chunks.push(chunk.content);
    expect(chunks.join('')).toBe(', there was a little girl named ');
    expect((await stream.completion).finishReason).toBe('stop');
  });
});
