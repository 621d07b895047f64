// Expected values for recorded Chat Completions transcripts, read from the files themselves (not from our
// mapper): text joined from `delta.content`, tool calls folded from their fragments, the last finish reason
// and the usage chunk. See ../shared/fixtures/MANIFEST.md for the files.
import type { FinishReason, ToolCall, Usage } from '@core/types';
import { readFixtureText } from '@tooling/fixtures';

type Json = Record<string, unknown>;

interface WireFragment {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/** What a transcript must come out as. */
export interface RecordedExpectation {
  content: string;
  toolCalls: ToolCall[];
  /** How many argument fragments each tool call arrived in, in call order. */
  argumentFragmentCounts: number[];
  finishReason: FinishReason;
  rawFinishReason: string | undefined;
  usage: Usage;
  model: string | undefined;
}

/** The JSON payloads of a `*.chunks.txt` file (one per line). */
export async function readChunkLines(path: string): Promise<Json[]> {
  const text = await readFixtureText(path);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);
}

/** The JSON payloads of a raw `*.sse` file (`data:` lines, `[DONE]` left out). */
export async function readSseData(path: string): Promise<Json[]> {
  const text = await readFixtureText(path);
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice('data: '.length)) as Json);
}

function usageOf(usage: Json | undefined): Usage {
  const promptDetails = usage?.prompt_tokens_details as Json | undefined;
  const completionDetails = usage?.completion_tokens_details as Json | undefined;
  return {
    inputTokens: usage?.prompt_tokens as number | undefined,
    outputTokens: usage?.completion_tokens as number | undefined,
    totalTokens: usage?.total_tokens as number | undefined,
    ...(promptDetails?.cached_tokens === undefined
      ? {}
      : { cachedInputTokens: promptDetails.cached_tokens as number }),
    ...(completionDetails?.reasoning_tokens === undefined
      ? {}
      : { reasoningTokens: completionDetails.reasoning_tokens as number }),
  };
}

function finishReasonOf(raw: string | undefined): FinishReason {
  if (raw === 'stop' || raw === 'length' || raw === 'tool_calls' || raw === 'content_filter') return raw;
  return 'other';
}

/** Expectations from the payloads of a streamed transcript. */
export function expectFromStream(payloads: Json[]): RecordedExpectation {
  const text: string[] = [];
  // Calls keyed by their position of appearance; a fragment without `index` belongs to the call its id names,
  // or to the last call when it has no id (Mistral sends whole calls with neither index nor type).
  const calls: Array<{ key: string; id: string; name: string; parts: string[] }> = [];
  let rawFinishReason: string | undefined;
  let usage: Json | undefined;
  let model: string | undefined;
  for (const payload of payloads) {
    if (typeof payload.model === 'string' && payload.model !== '') model = payload.model;
    if (payload.usage !== null && payload.usage !== undefined) usage = payload.usage as Json;
    const choice = (payload.choices as Json[] | undefined)?.[0];
    if (choice === undefined) continue;
    const delta = (choice.delta ?? {}) as Json;
    if (typeof delta.content === 'string') text.push(delta.content);
    for (const fragment of (delta.tool_calls as WireFragment[] | undefined) ?? []) {
      const key =
        fragment.index !== undefined ? `index:${fragment.index}` : `id:${fragment.id ?? calls.at(-1)?.id}`;
      let call = calls.find((candidate) => candidate.key === key);
      if (call === undefined) {
        call = { key, id: fragment.id ?? '', name: '', parts: [] };
        calls.push(call);
      }
      if (fragment.function?.name) call.name = fragment.function.name;
      if (fragment.function?.arguments !== undefined) call.parts.push(fragment.function.arguments);
    }
    if (typeof choice.finish_reason === 'string') rawFinishReason = choice.finish_reason;
  }
  return {
    content: text.join(''),
    toolCalls: calls.map((call) => ({
      id: call.id,
      name: call.name,
      arguments: JSON.parse(call.parts.join('')) as Record<string, unknown>,
    })),
    argumentFragmentCounts: calls.map((call) => call.parts.filter((part) => part !== '').length),
    finishReason: finishReasonOf(rawFinishReason),
    rawFinishReason,
    usage: usageOf(usage),
    model,
  };
}

/** Expectations from a non-stream `chat.completion` body. */
export function expectFromCompletion(body: Json): RecordedExpectation {
  const choice = (body.choices as Json[])[0] as Json;
  const message = choice.message as Json;
  const rawFinishReason = choice.finish_reason as string;
  return {
    content: (message.content as string | null) ?? '',
    toolCalls: [],
    argumentFragmentCounts: [],
    finishReason: finishReasonOf(rawFinishReason),
    rawFinishReason,
    usage: usageOf(body.usage as Json),
    model: body.model as string,
  };
}
