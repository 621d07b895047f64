// Wire shapes of the Chat Completions API: only the fields we read or send; anything a server may omit is
// optional. Reference: the OpenAI OpenAPI spec (../shared/specs/openai-openapi.yaml, CreateChatCompletion*).

export type WireContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } };

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type WireMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | WireContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: WireToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface WireTool {
  type: 'function';
  /** `strict: true` (OpenAI's Structured Outputs): the arguments always match `parameters`. */
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type WireToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface ChatCompletionRequestBody {
  model: string;
  messages: WireMessage[];
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  top_p?: number;
  top_k?: number;
  stop?: string[];
  seed?: number;
  tools?: WireTool[];
  tool_choice?: WireToolChoice;
  response_format?:
    | { type: 'json_object' }
    | {
        type: 'json_schema';
        json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean };
      };
  /** OpenAI's effort level, also taken by vLLM and LM Studio. */
  reasoning_effort?: string;
  /** OpenRouter's one reasoning control: `effort` or `max_tokens`, or `enabled`. */
  reasoning?: { effort?: string; max_tokens?: number; enabled?: boolean };
  /** vLLM's guided decoding. */
  guided_json?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  /** DeepSeek reports cache hits here. */
  prompt_cache_hit_tokens?: number;
}

/** An error object as servers put it in a body or inside a stream chunk (OpenRouter, Groq). */
export interface WireError {
  message?: string;
  type?: string;
  /** OpenAI: a string code; OpenRouter: the HTTP status as a number. */
  code?: string | number | null;
  param?: string | null;
  status_code?: number;
  metadata?: { raw?: unknown; provider_name?: string };
}

export interface WireResponseMessage {
  role?: string;
  content?: string | null;
  refusal?: string | null;
  /** DeepSeek and vLLM. */
  reasoning_content?: string | null;
  /** OpenRouter, Ollama's shim, Groq. */
  reasoning?: string | null;
  tool_calls?: Array<{ id?: string; type?: string; function?: { name?: string; arguments?: string } }> | null;
}

export interface ChatCompletionResponse {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; message?: WireResponseMessage; finish_reason?: string | null }>;
  usage?: WireUsage | null;
  error?: WireError;
}

export interface WireToolCallDelta {
  /** Missing on some servers (Mistral); starts at 1 on others (Anthropic's compatibility endpoint). */
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null };
}

export interface ChatCompletionChunk {
  id?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    delta?: {
      role?: string;
      content?: string | null;
      refusal?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: WireToolCallDelta[] | null;
    };
    finish_reason?: string | null;
  }>;
  usage?: WireUsage | null;
  /** OpenRouter sends errors inside ordinary chunks; Groq in an `event: error`. */
  error?: WireError;
}

export interface ModelListResponse {
  data?: Array<{ id: string; owned_by?: string; created?: number; context_length?: number }>;
}

export interface EmbeddingResponse {
  data?: Array<{ index?: number; embedding: number[] }>;
  model?: string;
  usage?: { prompt_tokens?: number };
}
