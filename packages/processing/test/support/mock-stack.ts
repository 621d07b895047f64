import { createLLM } from '@core/session';
import type { LLM, LLMOptions } from '@core/types';
import { type MockLlm, startMockLlm, type TextReply } from '@tooling/mock-llm';

/** mock-llm and an `openai-compatible` LLM pointed at it. */
export interface MockStack {
  mock: MockLlm;
  llm: LLM;
  close(): Promise<void>;
}

/** Starts mock-llm and an LLM on it; no transport retries, so every recorded request is one the Summarizer made. */
export async function startMockStack(options: LLMOptions = {}): Promise<MockStack> {
  const mock = await startMockLlm();
  const llm = createLLM('openai-compatible', {
    baseUrl: mock.openaiBaseUrl,
    model: 'test-model',
    maxRetries: 0,
    ...options,
  });
  return {
    mock,
    llm,
    async close() {
      await llm.unloadModel();
      await mock.close();
    },
  };
}

/** A summary answer as the model would send it. */
export interface Answer {
  summary: string;
  keyPoints: string[];
  confidence: number;
}

/** A reply carrying `answer` as JSON text. */
export function answerReply(answer: Answer, latencyMs?: number): TextReply {
  return {
    kind: 'text',
    text: JSON.stringify(answer),
    ...(latencyMs === undefined ? {} : { latency: { beforeHeadersMs: latencyMs } }),
  };
}

interface WireMessage {
  role: string;
  content: string;
}

/** The chat messages of a recorded OpenAI-wire request. */
export function messagesOf(request: { body: unknown }): WireMessage[] {
  const body = request.body as { messages?: WireMessage[] };
  return body.messages ?? [];
}

/** The system prompt of a recorded request. */
export function systemPromptOf(request: { body: unknown }): string {
  return messagesOf(request).find((message) => message.role === 'system')?.content ?? '';
}

/** The first user message of a recorded request (the prompt the Summarizer wrote). */
export function promptOf(request: { body: unknown }): string {
  return messagesOf(request).find((message) => message.role === 'user')?.content ?? '';
}

/** Everything a recorded request asked, system prompt and messages, as one text. */
export function requestText(request: { body: unknown }): string {
  return messagesOf(request)
    .map((message) => message.content)
    .join('\n');
}

/** An LLM that forwards to `llm` and records the most calls it had in flight at once. */
export function withInFlightCount(llm: LLM): { llm: LLM; maxInFlight: () => number } {
  let inFlight = 0;
  let maxInFlight = 0;
  const agenerate = (async (...args: Parameters<LLM['agenerate']>) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      return await llm.agenerate(...args);
    } finally {
      inFlight -= 1;
    }
  }) as LLM['agenerate'];
  const counting: LLM = {
    provider: llm.provider,
    model: llm.model,
    agenerate,
    generate: agenerate,
    listModels: (options) => llm.listModels(options),
    health: (options) => llm.health(options),
    embed: (input, options) => llm.embed(input, options),
    unloadModel: (model) => llm.unloadModel(model),
    countTokens: (text) => llm.countTokens(text),
    capabilities: () => llm.capabilities(),
  };
  return { llm: counting, maxInFlight: () => maxInFlight };
}
