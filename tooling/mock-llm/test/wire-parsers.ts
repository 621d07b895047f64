// Parsers written independently of the server's renderers, so the tests check the wire, not the code.

/** One server-sent event. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into events (comment lines skipped, multi-line data joined with `\n`). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** The JSON payloads of an OpenAI-style SSE body, and whether it ended with `[DONE]`. */
export function parseOpenAiSse(text: string): { chunks: Array<Record<string, unknown>>; done: boolean } {
  const events = parseSse(text);
  const done = events.at(-1)?.data === '[DONE]';
  const chunks = events
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as Record<string, unknown>);
  return { chunks, done };
}

/** One JSON object per non-empty line. */
export function parseNdjson(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
