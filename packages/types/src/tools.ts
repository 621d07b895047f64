import type { ZodType } from 'zod';

/** A JSON Schema object, as it goes on the wire. */
export type JsonSchema = Record<string, unknown>;

/** What a tool's `execute` receives besides its arguments. */
export interface ToolExecutionContext {
  toolCallId: string;
  /** Aborted when the call is aborted or the tool's timeout elapses. */
  signal: AbortSignal;
}

/**
 * A tool the model may call: `parameters` is a zod schema (made with `tool()`) or a JSON Schema.
 * Without `execute`, tool calls are returned to the caller instead of run.
 */
export interface ToolDefinition<Arguments = Record<string, unknown>, Result = unknown> {
  name: string;
  description?: string;
  parameters: JsonSchema | ZodType<Arguments>;
  // Method syntax on purpose: parameters of methods are checked bivariantly, so a tool typed for its own
  // arguments fits in `tools: ToolDefinition[]`.
  execute?(args: Arguments, context: ToolExecutionContext): Promise<Result> | Result;
}

/** A tool as an adapter sees it: the schema already JSON Schema. */
export interface ToolSpec {
  name: string;
  description?: string;
  parameters: JsonSchema;
}

/** Whether and which tool the model must call. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };
