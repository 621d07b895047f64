// Wire shapes of Ollama's native API: only the fields we send or read; anything the server may omit is
// optional. References: ../shared/specs/ollama-api.md ("Generate a chat completion", "Generate Embeddings",
// "List Local Models") and ../shared/specs/ollama-openapi.yaml (ChatRequest, ChatMessage, ToolDefinition,
// ChatResponse, ChatStreamEvent, EmbedRequest, ListResponse, ErrorResponse).

/** A thinking setting: on, off, or a level for models that take one (gpt-oss). */
export type OllamaThink = boolean | 'low' | 'medium' | 'high' | 'max';

/** How long the model stays loaded after a request: a duration string (`'5m'`) or seconds (`0` unloads). */
export type OllamaKeepAlive = string | number;

/** A tool call as Ollama sends and takes it: the arguments are a JSON object, not a string. */
export interface OllamaWireToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

/** A chat message as `/api/chat` takes it (ChatMessage, plus `thinking` and `tool_name` from ollama-api.md). */
export type OllamaWireMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; images?: string[] }
  | { role: 'assistant'; content: string; thinking?: string; tool_calls?: OllamaWireToolCall[] }
  | { role: 'tool'; content: string; tool_name?: string };

/** A tool definition (ToolDefinition in the spec). */
export interface OllamaWireTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** Runtime model options (ModelOptions in the spec); Ollama's own spelling, open to any Modelfile parameter. */
export interface OllamaModelOptions {
  temperature?: number;
  num_predict?: number;
  top_p?: number;
  top_k?: number;
  seed?: number;
  stop?: string[];
  [parameter: string]: unknown;
}

/** The body of `POST /api/chat`. */
export interface OllamaChatRequestBody {
  model: string;
  messages: OllamaWireMessage[];
  /** Always set: Ollama streams unless told `false`. */
  stream: boolean;
  tools?: OllamaWireTool[];
  /** `'json'`, or a JSON Schema the answer must match. */
  format?: 'json' | Record<string, unknown>;
  options?: OllamaModelOptions;
  think?: OllamaThink;
  keep_alive?: OllamaKeepAlive;
  [extra: string]: unknown;
}

/** A tool call in a response. Some builds add an `id`; most do not. */
export interface OllamaResponseToolCall {
  id?: string;
  function?: { name?: string; arguments?: Record<string, unknown> | string | null };
}

/**
 * One `/api/chat` NDJSON line, or the whole non-stream response. The last line has `done: true` with
 * `done_reason` and the counts; an `error` line replaces everything else when generation fails mid-stream.
 */
export interface OllamaChatResponse {
  model?: string;
  created_at?: string;
  message?: {
    role?: string;
    content?: string;
    thinking?: string;
    tool_calls?: OllamaResponseToolCall[] | null;
  };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}

/** The body of `POST /api/embed`. */
export interface OllamaEmbedRequestBody {
  model: string;
  input: string[];
  keep_alive?: OllamaKeepAlive;
  [extra: string]: unknown;
}

/** The answer of `POST /api/embed`: one vector per input, in order. */
export interface OllamaEmbedResponse {
  model?: string;
  embeddings?: number[][];
  prompt_eval_count?: number;
  /** An error reported with a 200 status. */
  error?: string;
}

/** One model of `GET /api/tags`. */
export interface OllamaModelSummary {
  name: string;
  model?: string;
  /** ISO 8601. */
  modified_at?: string;
  /** Bytes on disk. */
  size?: number;
  digest?: string;
  details?: Record<string, unknown>;
}

/** The answer of `GET /api/tags`. */
export interface OllamaTagsResponse {
  models?: OllamaModelSummary[];
}

/** The body of `POST /api/generate` that unloads a model: no prompt and `keep_alive: 0`. */
export interface OllamaUnloadRequestBody {
  model: string;
  keep_alive: 0;
  stream: false;
}
