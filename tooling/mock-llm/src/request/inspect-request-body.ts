import type { EndpointKind } from './classify-endpoint.js';
import { countWords } from './split-words.js';

/** What the mock needs from a request body, read once per request. */
export interface RequestFacts {
  model: string | undefined;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  /** The text of the last user message (Ollama `/api/generate`: the prompt); `''` when there is none. */
  lastUserText: string;
  /** Words across the system prompt and every message: the default input token count. */
  promptWords: number;
  /** Whether the body was a JSON object at all. */
  validJson: boolean;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// OpenAI and Anthropic content is a string or an array of parts; only text parts count.
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isObject(part) && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('');
}

function inspectMessages(messages: unknown, facts: RequestFacts): void {
  if (!Array.isArray(messages)) return;
  for (const message of messages) {
    if (!isObject(message)) continue;
    const text = contentText(message.content);
    facts.promptWords += countWords(text);
    if (message.role === 'user' && (typeof message.content === 'string' || text !== '')) {
      facts.lastUserText = text;
    }
  }
}

/** Reads model, stream mode, prompt text and prompt size from a parsed body, for the given endpoint. */
export function inspectRequestBody(kind: EndpointKind, body: unknown): RequestFacts {
  const facts: RequestFacts = {
    model: undefined,
    stream: false,
    includeUsage: false,
    lastUserText: '',
    promptWords: 0,
    validJson: isObject(body),
  };
  if (!isObject(body)) {
    // Ollama streams unless told otherwise, even when the body could not be read.
    facts.stream = kind === 'ollama-chat' || kind === 'ollama-generate';
    return facts;
  }
  if (typeof body.model === 'string') facts.model = body.model;
  switch (kind) {
    case 'openai-chat':
      facts.stream = body.stream === true;
      facts.includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
      inspectMessages(body.messages, facts);
      break;
    case 'anthropic-messages':
      facts.stream = body.stream === true;
      facts.promptWords += countWords(contentText(body.system));
      inspectMessages(body.messages, facts);
      break;
    case 'ollama-chat':
      // Ollama's /api/chat and /api/generate stream by default; only `stream: false` turns it off.
      facts.stream = body.stream !== false;
      inspectMessages(body.messages, facts);
      break;
    case 'ollama-generate':
      facts.stream = body.stream !== false;
      if (typeof body.prompt === 'string') {
        facts.lastUserText = body.prompt;
        facts.promptWords += countWords(body.prompt);
      }
      if (typeof body.system === 'string') facts.promptWords += countWords(body.system);
      break;
    default:
      break;
  }
  return facts;
}
