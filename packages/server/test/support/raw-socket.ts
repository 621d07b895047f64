import { connect, type Socket } from 'node:net';

/** A TCP connection to the server for requests written by hand, byte by byte if need be. */
export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  readonly received: string;
  /** Resolves when the connection closes, with what the server sent and the ms since it opened. */
  closed: Promise<{ text: string; afterMs: number }>;
  write(text: string): void;
}

/** Connects to `url`'s host and port; resolves once connected. */
export function openConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const openedAt = performance.now();
    const parts: string[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => parts.push(text));
    // A server that closes on a client still writing resets it: that is a close too.
    socket.on('error', () => {});
    const closed = new Promise<{ text: string; afterMs: number }>((settle) => {
      socket.once('close', () => settle({ text: parts.join(''), afterMs: performance.now() - openedAt }));
    });
    socket.once('connect', () =>
      resolve({
        socket,
        get received() {
          return parts.join('');
        },
        closed,
        write(text) {
          if (!socket.destroyed) socket.write(text);
        },
      }),
    );
    socket.once('error', reject);
  });
}

/** Sends `text` on a fresh connection and resolves with all the server sent once it closes the connection. */
export async function exchangeRaw(url: string, text: string): Promise<string> {
  const connection = await openConnection(url);
  connection.write(text);
  return (await connection.closed).text;
}

/** One HTTP/1.1 response as text, split into its parts (no chunked decoding: error answers have a length). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses the first response in `text`. Throws when there is none. */
export function parseRawResponse(text: string): RawResponse {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) throw new Error(`No HTTP response in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...lines] = text.slice(0, headEnd).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = text.slice(headEnd + 4);
  const length = headers['content-length'];
  const body = length === undefined ? rest : Buffer.from(rest).subarray(0, Number(length)).toString('utf8');
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}
