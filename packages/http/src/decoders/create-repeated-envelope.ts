/**
 * The envelope a stream's text deltas repeat: a learned event's JSON with the bodies of a few strings cut
 * out. Most servers send every delta of a stream in the same bytes but its text (vLLM, llama.cpp, Ollama's
 * and LM Studio's OpenAI endpoints: `{"id":"chatcmpl-1",…,"delta":{"content":"` … `"},"finish_reason":null}]}`;
 * OpenAI also varies an `obfuscation` padding string), and `JSON.parse` of those 150-300 bytes per delta is
 * most of a stream's client CPU.
 */
export interface RepeatedEnvelope {
  /**
   * The string `data` holds at the learned place, when `data` is the learned envelope with valid JSON string
   * bodies in its holes; otherwise `undefined`, and the caller parses `data` as usual.
   */
  textOf(data: string): string | undefined;
  /**
   * Learns the envelope of `data`, an event the caller parsed in full and whose only news was the string
   * `value` at the place `read` looks (`read(JSON.parse(data)) === value`) and the ignored keys' strings.
   * Learning gives up (nothing new is kept) unless a substitution proves the place: `data` with another
   * body there parses to an event whose `read` gives that body back.
   */
  learn(data: string, value: string, read: (event: unknown) => unknown): void;
}

/** What `createRepeatedEnvelope` accepts. */
export interface RepeatedEnvelopeOptions {
  /** The key of the string that is the news (`content` for Chat Completions deltas); it must occur once. */
  key: string;
  /**
   * Keys of strings that may vary between deltas and that the caller never reads (OpenAI's `obfuscation`):
   * their bodies are checked to be valid JSON strings and then skipped.
   */
  ignoredKeys?: readonly string[];
  /** Envelopes learned per stream at most: a server whose envelopes never repeat costs a few parses, no more. */
  maxLearned?: number;
}

const quote = 0x22;
const backslash = 0x5c;
const space = 0x20;
const tab = 0x09;
// What a string body needs decoding (or refusing) for: a quote, an escape, a raw control character.
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters in strings.
const notVerbatim = /["\\\u0000-\u001f]/;

// The body as the string it encodes, or undefined when it is not a valid JSON string body.
function decodeBody(body: string): string | undefined {
  if (!notVerbatim.test(body)) return body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/** Where a string value's body lies in the learned event: `data.slice(start, end)`. */
interface Hole {
  start: number;
  end: number;
}

// The body of the string value of `"key":`, when the key occurs exactly once and its value is a string;
// `null` when the key does not occur; undefined when the place is ambiguous or not a string.
function findHole(data: string, key: string): Hole | null | undefined {
  const keyText = `"${key}":`;
  const keyAt = data.indexOf(keyText);
  if (keyAt === -1) return null;
  if (data.indexOf(keyText, keyAt + 1) !== -1) return undefined;
  let start = keyAt + keyText.length;
  while (data.charCodeAt(start) === space || data.charCodeAt(start) === tab) start++;
  if (data.charCodeAt(start) !== quote) return undefined;
  start += 1;
  for (let at = start; at < data.length; at++) {
    const code = data.charCodeAt(at);
    if (code === quote) return { start, end: at };
    if (code === backslash) at++;
  }
  return undefined;
}

/**
 * Reads text deltas without parsing their JSON, once a stream's envelope is known. Sound by construction:
 * JSON's grammar makes the envelope's fixed parts around valid string bodies the learned event with only
 * those strings changed (a split of `data` whose bodies are all valid is the only one that parses), and the
 * learned place is checked by substitution, never assumed. Anything else (a finish, usage, a tool call,
 * another shape) does not match and is parsed in full.
 *
 * Prefixes are compared with `slice(…) ===`, not `startsWith`: on the sliced strings a line decoder makes,
 * `startsWith` measured four times slower than a whole JSON.parse of the event.
 */
export function createRepeatedEnvelope(options: RepeatedEnvelopeOptions): RepeatedEnvelope {
  const ignoredKeys = options.ignoredKeys ?? [];
  let learnsLeft = options.maxLearned ?? 4;
  // The learned envelope: fixed parts around its holes (`fixed.length === holes + 1`), and which hole is
  // the news.
  let fixed: string[] | undefined;
  let newsHole = 0;
  let fixedLength = 0;

  function textOf(data: string): string | undefined {
    if (fixed === undefined) return undefined;
    const length = data.length;
    const first = fixed[0] as string;
    const last = fixed[fixed.length - 1] as string;
    const end = length - last.length;
    if (length < fixedLength || data.slice(0, first.length) !== first || data.slice(end) !== last) {
      return undefined;
    }
    let text: string | undefined;
    let at = first.length;
    for (let hole = 0; hole < fixed.length - 1; hole++) {
      let bodyEnd = end;
      if (hole < fixed.length - 2) {
        const next = fixed[hole + 1] as string;
        bodyEnd = data.indexOf(next, at);
        if (bodyEnd === -1 || bodyEnd + next.length > end) return undefined;
      }
      const body = decodeBody(data.slice(at, bodyEnd));
      if (body === undefined) return undefined;
      if (hole === newsHole) text = body;
      at = bodyEnd + (fixed[hole + 1] as string).length;
    }
    return text;
  }

  function learn(data: string, value: string, read: (event: unknown) => unknown): void {
    if (learnsLeft === 0) return;
    learnsLeft -= 1;
    const news = findHole(data, options.key);
    if (news == null || decodeBody(data.slice(news.start, news.end)) !== value) return;
    const holes = [news];
    for (const key of ignoredKeys) {
      const hole = findHole(data, key);
      if (hole === undefined) return;
      if (hole !== null) holes.push(hole);
    }
    holes.sort((left, right) => left.start - right.start);
    const parts: string[] = [];
    let at = 0;
    for (const hole of holes) {
      if (hole.start < at) return;
      parts.push(data.slice(at, hole.start));
      at = hole.end;
    }
    parts.push(data.slice(at));
    // The proof: another body at the news's place comes back through `read`, so it is the place `read` looks.
    const probe = value === 'a' ? 'b' : 'a';
    const newsIndex = holes.indexOf(news);
    let assembled = parts[0] as string;
    holes.forEach((hole, index) => {
      assembled += index === newsIndex ? probe : data.slice(hole.start, hole.end);
      assembled += parts[index + 1] as string;
    });
    try {
      if (read(JSON.parse(assembled)) !== probe) return;
    } catch {
      return;
    }
    fixed = parts;
    newsHole = newsIndex;
    fixedLength = parts.reduce((sum, part) => sum + part.length, 0);
  }

  return { textOf, learn };
}
