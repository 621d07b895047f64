// Folds recorded Messages API events into what a reader of the wire expects, written apart from the
// provider's stream mapper so the assertions come from the bytes, not from the code under test.

type Payload = Record<string, unknown>;

interface RecordedBlock {
  type: string;
  text: string[];
  signature: string[];
  data?: string;
  id?: string;
  name?: string;
  json: string[];
}

/** What one recorded stream says, in plain terms. */
export interface AnthropicTranscript {
  model: string | undefined;
  text: string;
  thinking: string;
  /** Thinking and redacted blocks in order, as the conversation needs them back. */
  reasoningBlocks: Array<{ text: string; signature?: string; redactedData?: string }>;
  toolUses: Array<{ id: string; name: string; input: Record<string, unknown> }>;
  stopReason: string | undefined;
  /** The last value each usage field was reported with. */
  usage: {
    input_tokens?: number;
    output_tokens?: number;
    cache_read_input_tokens?: number;
    cache_creation_input_tokens?: number;
  };
}

const asRecord = (value: unknown): Payload =>
  typeof value === 'object' && value !== null ? (value as Payload) : {};

function foldUsage(into: AnthropicTranscript['usage'], usage: unknown): void {
  const record = asRecord(usage);
  for (const key of [
    'input_tokens',
    'output_tokens',
    'cache_read_input_tokens',
    'cache_creation_input_tokens',
  ] as const) {
    if (typeof record[key] === 'number') into[key] = record[key] as number;
  }
}

/** Reads the events of one recorded stream. */
export function readAnthropicTranscript(payloads: readonly Payload[]): AnthropicTranscript {
  const blocks: RecordedBlock[] = [];
  const usage: AnthropicTranscript['usage'] = {};
  let model: string | undefined;
  let stopReason: string | undefined;
  for (const payload of payloads) {
    switch (payload.type) {
      case 'message_start': {
        const message = asRecord(payload.message);
        model = message.model as string | undefined;
        foldUsage(usage, message.usage);
        break;
      }
      case 'content_block_start': {
        const block = asRecord(payload.content_block);
        blocks[payload.index as number] = {
          type: block.type as string,
          text: [],
          signature: [],
          json: [],
          ...(typeof block.data === 'string' ? { data: block.data } : {}),
          ...(typeof block.id === 'string' ? { id: block.id } : {}),
          ...(typeof block.name === 'string' ? { name: block.name } : {}),
        };
        break;
      }
      case 'content_block_delta': {
        const block = blocks[payload.index as number];
        const delta = asRecord(payload.delta);
        if (block === undefined) break;
        if (delta.type === 'text_delta') block.text.push(delta.text as string);
        if (delta.type === 'thinking_delta') block.text.push(delta.thinking as string);
        if (delta.type === 'signature_delta') block.signature.push(delta.signature as string);
        if (delta.type === 'input_json_delta') block.json.push(delta.partial_json as string);
        break;
      }
      case 'message_delta':
        stopReason = (asRecord(payload.delta).stop_reason as string | undefined) ?? stopReason;
        foldUsage(usage, payload.usage);
        break;
      default:
        break;
    }
  }
  const present = blocks.filter((block) => block !== undefined);
  return {
    model,
    text: present
      .filter((block) => block.type === 'text')
      .map((block) => block.text.join(''))
      .join(''),
    thinking: present
      .filter((block) => block.type === 'thinking')
      .map((block) => block.text.join(''))
      .join(''),
    reasoningBlocks: present
      .filter((block) => block.type === 'thinking' || block.type === 'redacted_thinking')
      .map((block) =>
        block.type === 'thinking'
          ? { text: block.text.join(''), signature: block.signature.join('') }
          : { text: '', redactedData: block.data ?? '' },
      ),
    toolUses: present
      .filter((block) => block.type === 'tool_use')
      .map((block) => {
        const json = block.json.join('');
        return {
          id: block.id ?? '',
          name: block.name ?? '',
          input: (json === '' ? {} : JSON.parse(json)) as Record<string, unknown>,
        };
      }),
    stopReason,
    usage,
  };
}

/** The whole prompt's tokens, as Anthropic's docs add them up: uncached + cache reads + cache writes. */
export function totalInputTokens(usage: AnthropicTranscript['usage']): number | undefined {
  if (usage.input_tokens === undefined) return undefined;
  return usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
}
