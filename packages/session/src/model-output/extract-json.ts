/**
 * Finds JSON values in a model's free text: a whole-text parse first, then each balanced `{…}` or `[…]`
 * (fenced in ```json or not), scanning once with string and escape awareness. Small models wrap JSON in
 * prose and code fences; this takes what they meant without guessing inside broken JSON.
 */
export function extractJsonCandidates(text: string): Array<{ value: unknown; start: number; end: number }> {
  const results: Array<{ value: unknown; start: number; end: number }> = [];
  const trimmed = text.trim();
  if (trimmed !== '') {
    try {
      results.push({
        value: JSON.parse(trimmed),
        start: text.indexOf(trimmed),
        end: text.indexOf(trimmed) + trimmed.length,
      });
      return results;
    } catch {
      // Not one JSON value: look for embedded ones below.
    }
  }
  let index = 0;
  while (index < text.length) {
    const opener = text[index];
    if (opener !== '{' && opener !== '[') {
      index += 1;
      continue;
    }
    const end = findBalancedEnd(text, index);
    if (end === -1) {
      index += 1;
      continue;
    }
    try {
      results.push({ value: JSON.parse(text.slice(index, end)), start: index, end });
      index = end;
    } catch {
      index += 1;
    }
  }
  return results;
}

/** The index just past the bracket that closes the one at `start` (strings and escapes respected), or -1. */
export function findBalancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') depth += 1;
    else if (character === '}' || character === ']') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}
