/**
 * Errors are recognised by `Symbol.for` markers rather than `instanceof`, so `isInstance` holds across
 * duplicated copies of this package (npm's flat layout can install two).
 */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
