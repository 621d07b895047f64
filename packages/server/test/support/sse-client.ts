import { request } from 'node:http';

/** What an SSE response delivered. */
export interface SseResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The `data` of every event, in order (`[DONE]` included). */
  events: string[];
  /** The body as received, for responses that are not SSE. */
  body: string;
}

/**
 * POSTs a JSON body over a fresh socket and collects the server-sent events. With `leaveAfter`, the
 * socket is destroyed as soon as that many events have arrived: a client that leaves mid-stream.
 */
export function postSse(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; leaveAfter?: number } = {},
): Promise<SseResult> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...options.headers },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      incoming.setEncoding('utf8');
      const events: string[] = [];
      const received: string[] = [];
      let pending = '';
      const finish = () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          events,
          body: received.join(''),
        });
      incoming.on('data', (text: string) => {
        received.push(text);
        pending += text;
        let end = pending.indexOf('\n\n');
        while (end !== -1) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          events.push(data);
          if (options.leaveAfter !== undefined && events.length >= options.leaveAfter) {
            outgoing.destroy();
            finish();
            return;
          }
          end = pending.indexOf('\n\n');
        }
      });
      incoming.on('end', finish);
      incoming.on('error', () => finish());
    });
    outgoing.end(JSON.stringify(body));
  });
}

/** The events' JSON data, without the `[DONE]` marker. */
export function jsonEvents<Event = Record<string, unknown>>(result: SseResult): Event[] {
  return result.events.filter((data) => data !== '[DONE]').map((data) => JSON.parse(data) as Event);
}
