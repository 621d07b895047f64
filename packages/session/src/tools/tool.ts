import type { ToolDefinition, ToolExecutionContext } from '@core/types';
import type { z } from 'zod';
import { toJsonSchema } from '../schema/to-json-schema.js';

// OpenAI's rule for function names, which every other provider accepts too.
const toolNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/** What `tool()` takes: a name, what the tool does, its parameters as a zod schema, and how to run it. */
export interface ToolOptions<Schema extends z.ZodType, Result> {
  name: string;
  description?: string;
  parameters: Schema;
  execute?: (args: z.output<Schema>, context: ToolExecutionContext) => Promise<Result> | Result;
}

/**
 * Defines a tool from a zod schema. The JSON Schema the provider sees is built here, once. In a tool loop
 * (`maxSteps > 1`) the arguments are validated against the schema before `execute` runs. Throws a
 * TypeError for a name providers would refuse or a schema that cannot become JSON Schema.
 */
export function tool<Schema extends z.ZodType, Result = unknown>(
  options: ToolOptions<Schema, Result>,
): ToolDefinition<z.output<Schema>, Result> {
  if (typeof options?.name !== 'string' || !toolNamePattern.test(options.name)) {
    throw new TypeError(`tool: name must match ${toolNamePattern} (got ${JSON.stringify(options?.name)})`);
  }
  if (options.execute !== undefined && typeof options.execute !== 'function') {
    throw new TypeError(`tool ${options.name}: execute must be a function`);
  }
  toJsonSchema(options.parameters, `tool ${options.name}: parameters`);
  return {
    name: options.name,
    ...(options.description === undefined ? {} : { description: options.description }),
    parameters: options.parameters,
    ...(options.execute === undefined ? {} : { execute: options.execute }),
  } as ToolDefinition<z.output<Schema>, Result>;
}
