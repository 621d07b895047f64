import type { ToolCall, ToolMessage } from '@core/types';
import { isStandardSchema, validateWithSchema } from '../schema/to-json-schema.js';
import { emitToolCall } from './call-events.js';
import type { Call } from './resolve-call.js';

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/**
 * Runs the tool calls of one step, concurrently, each within the call's `toolTimeout`. A failure (unknown
 * tool, invalid arguments, a throw, a timeout) becomes an error result the model reads on the next step;
 * only the caller's abort stops the loop (it rejects with the signal's reason). Results come back in the
 * order of the calls.
 */
export async function executeToolCalls(owner: Call, calls: readonly ToolCall[]): Promise<ToolMessage[]> {
  const { tools, toolTimeoutMs: timeoutMs } = owner;
  return Promise.all(
    calls.map(async (call): Promise<ToolMessage> => {
      const startedAt = performance.now();
      const definition = tools.find((candidate) => candidate.name === call.name);
      // Its span, when the call is traced: a child of the call's span, in whose context the tool runs.
      const trace = owner.trace?.startTool(call, definition?.description);
      const report = (outcome: { result?: unknown; error?: unknown }) =>
        emitToolCall(owner, call, performance.now() - startedAt, outcome);
      const fail = (message: string, error: unknown): ToolMessage => {
        report({ error });
        trace?.fail(error);
        return { role: 'tool', toolCallId: call.id, toolName: call.name, content: message, isError: true };
      };
      if (definition?.execute === undefined) {
        return fail(
          `Error: there is no tool named ${JSON.stringify(call.name)} that can be run.`,
          new Error('unknown tool'),
        );
      }
      if (call.invalidArguments !== undefined) {
        return fail(
          `Error: the arguments were not valid JSON: ${call.invalidArguments}`,
          new Error('invalid JSON arguments'),
        );
      }
      let args: unknown = call.arguments;
      if (isStandardSchema(definition.parameters)) {
        const checked = await validateWithSchema(definition.parameters, call.arguments);
        if (!checked.ok) {
          const issues = checked.issues
            .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
            .join('; ');
          return fail(`Error: invalid arguments: ${issues}`, new Error(issues));
        }
        args = checked.value;
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = owner.signal === undefined ? timeout : AbortSignal.any([owner.signal, timeout]);
      try {
        const execute = definition.execute as (
          args: unknown,
          context: { toolCallId: string; signal: AbortSignal },
        ) => unknown;
        const run = () => execute.call(definition, args, { toolCallId: call.id, signal });
        const execution = Promise.resolve(trace === undefined ? run() : trace.run(run));
        // A tool that ignores its signal still loses the race against the timeout.
        const result = await new Promise<unknown>((resolve, reject) => {
          const onAbort = () => reject(signal.reason);
          if (signal.aborted) onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          execution.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
        });
        report({ result });
        const content = resultText(result);
        trace?.end(content);
        return { role: 'tool', toolCallId: call.id, toolName: call.name, content };
      } catch (error) {
        if (owner.signal?.aborted) {
          trace?.fail(owner.signal.reason);
          throw owner.signal.reason;
        }
        const timedOut = timeout.aborted;
        return fail(
          timedOut
            ? `Error: the tool did not finish within ${timeoutMs} ms.`
            : `Error: ${describeError(error)}`,
          error,
        );
      }
    }),
  );
}
