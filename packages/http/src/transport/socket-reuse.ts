/** What `createSocketReuse` reads of a dispatcher: undici's `connect` and `disconnect` events. */
export interface ConnectionEvents {
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
}

/**
 * When a request may go out so that it lands on a socket the pool already has. undici hands a keep-alive
 * socket back one event-loop turn after its response ended (in case the server closes it anyway), so the
 * next call of a loop that awaits each answer, sent at once, finds no free socket and opens another: with
 * N calls in flight a client holds 2N sockets and pays for the extra connects and the idle-socket
 * bookkeeping (3-4 µs of CPU per call measured at 64 in flight). A request that would open a socket while
 * one is about to come back waits that turn instead, as it would queue in a pool sized to the calls in
 * flight. Counts are per transport: its dispatcher serves one origin.
 */
export interface SocketReuse {
  /** `undefined` to send now, or a promise to await first: the turn in which a socket comes back. */
  beforeSend(): Promise<void> | undefined;
  /** A request went out (call after `beforeSend`). */
  sent(): void;
  /**
   * The request is over. `reused` when its response was read to its end, so its socket goes back to the
   * pool next turn; false when it failed or was cut short (its socket, if any, is destroyed).
   */
  done(reused: boolean): void;
}

/** For a dispatcher whose sockets are not ours to count (a proxy's): every request goes out at once. */
export const sendAtOnce: SocketReuse = {
  beforeSend: () => undefined,
  sent: () => {},
  done: () => {},
};

/** Counts the sockets `dispatcher` opens and the requests on them, from its events. */
export function createSocketReuse(dispatcher: ConnectionEvents): SocketReuse {
  let connected = 0;
  let inFlight = 0;
  // Sockets whose response has ended and that undici has not handed back yet.
  let settling = 0;
  // Requests waiting for one of those sockets: never more than there are sockets to come back.
  const waiting: Array<() => void> = [];

  dispatcher.on('connect', () => {
    connected += 1;
  });
  dispatcher.on('disconnect', () => {
    connected = Math.max(0, connected - 1);
  });

  // Queued when a response ends, so it runs after undici's own release of that socket (immediates run in
  // order): the socket is back, and the first request waiting takes it.
  function released(): void {
    settling -= 1;
    waiting.shift()?.();
  }

  return {
    beforeSend() {
      // An idle socket, or no socket coming back for this request: the pool serves it as it is.
      if (waiting.length >= settling || connected - inFlight - settling > 0) return undefined;
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
      });
    },
    sent() {
      inFlight += 1;
    },
    done(reused) {
      inFlight -= 1;
      if (!reused) return;
      settling += 1;
      setImmediate(released);
    },
  };
}
