/** Reads a required non-negative number from a worker job's parameters; throws a `TypeError` naming it. */
export function readCount(parameters: Record<string, number | number[]>, name: string): number {
  const value = parameters[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`bench: parameter ${name} must be a non-negative number`);
  }
  return value;
}

/** Reads a required list of positive integers; throws a `TypeError` naming it. */
export function readCounts(parameters: Record<string, number | number[]>, name: string): number[] {
  const value = parameters[name];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((item) => Number.isInteger(item) && item > 0)
  ) {
    throw new TypeError(`bench: parameter ${name} must be a list of positive integers`);
  }
  return value;
}

/** Fails loudly when a client delivered something other than the expected reply: a benchmark that silently
 * measures errors is worse than none. */
export function expectReply(client: string, actual: string, expected: string): void {
  if (actual !== expected) {
    throw new Error(
      `${client}: expected the reply ${JSON.stringify(expected)}, got ${JSON.stringify(actual.slice(0, 200))}`,
    );
  }
}

/** Fails loudly when a stream delivered a different number of content chunks than the mock sent. */
export function expectChunks(client: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new Error(`${client}: expected ${expected} content chunks in the stream, got ${actual}`);
  }
}
