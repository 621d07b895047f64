/** JSON Schema's conditional: when a value matches `condition`, it must also match `consequence`. */
export function ifThen(condition: Record<string, unknown>, consequence: Record<string, unknown>) {
  // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword; this object is never awaited.
  return { if: condition, then: consequence };
}
