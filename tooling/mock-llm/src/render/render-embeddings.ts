import { countWords } from '../request/split-words.js';

/** Dimensions of a mock embedding unless the request asks for `dimensions`. */
export const defaultEmbeddingDimensions = 8;

// FNV-1a: a cheap, stable hash so the same input always gets the same vector, across processes too.
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A deterministic unit vector for a text: equal texts get equal vectors, different texts differ. */
export function embedText(text: string, dimensions: number): number[] {
  let state = hashText(text) || 1;
  const vector: number[] = new Array(dimensions);
  let norm = 0;
  for (let index = 0; index < dimensions; index++) {
    // xorshift32 spreads the hash over the dimensions.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = ((state >>> 0) / 0xffffffff) * 2 - 1;
    vector[index] = value;
    norm += value * value;
  }
  const scale = norm === 0 ? 1 : 1 / Math.sqrt(norm);
  for (let index = 0; index < dimensions; index++) vector[index] = (vector[index] as number) * scale;
  return vector;
}

function inputsOf(body: unknown): string[] {
  const input = typeof body === 'object' && body !== null ? (body as { input?: unknown }).input : undefined;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input))
    return input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  return [];
}

function dimensionsOf(body: unknown): number {
  const dimensions =
    typeof body === 'object' && body !== null ? (body as { dimensions?: unknown }).dimensions : undefined;
  return typeof dimensions === 'number' &&
    Number.isInteger(dimensions) &&
    dimensions > 0 &&
    dimensions <= 4096
    ? dimensions
    : defaultEmbeddingDimensions;
}

function modelOf(body: unknown, fallback: string): string {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? model : fallback;
}

/** `POST /v1/embeddings` in OpenAI's shape, with usage from word counts. */
export function renderOpenAiEmbeddings(body: unknown, fallbackModel: string): string {
  const inputs = inputsOf(body);
  const dimensions = dimensionsOf(body);
  const tokens = inputs.reduce((sum, input) => sum + countWords(input), 0);
  return JSON.stringify({
    object: 'list',
    data: inputs.map((input, index) => ({
      object: 'embedding',
      index,
      embedding: embedText(input, dimensions),
    })),
    model: modelOf(body, fallbackModel),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/** `POST /api/embed` in Ollama's shape (specs/ollama-api.md, "Generate Embeddings"). */
export function renderOllamaEmbeddings(body: unknown, fallbackModel: string): string {
  const inputs = inputsOf(body);
  const dimensions = dimensionsOf(body);
  return JSON.stringify({
    model: modelOf(body, fallbackModel),
    embeddings: inputs.map((input) => embedText(input, dimensions)),
    total_duration: 1_000_000,
    load_duration: 100_000,
    prompt_eval_count: inputs.reduce((sum, input) => sum + countWords(input), 0),
  });
}
