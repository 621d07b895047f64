import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';

// The variables EnvHttpProxyAgent reads; saved and restored so no other case sees a proxy.
const proxyVariables = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
] as const;

/** A minimal CONNECT proxy (undici tunnels through proxies by default) that records each tunnel's target. */
async function startTunnelProxy(): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_request, response) => {
    response.writeHead(501).end();
  });
  server.on('connect', (request, clientSocket: Socket) => {
    targets.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    for (const socket of [clientSocket, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('HTTP_PROXY / HTTPS_PROXY and NO_PROXY are honoured', () => {
  let mock: MockLlm;
  let proxy: Awaited<ReturnType<typeof startTunnelProxy>>;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    mock = await startMockLlm();
    proxy = await startTunnelProxy();
    for (const name of proxyVariables) saved.set(name, process.env[name]);
  });
  afterEach(() => {
    for (const name of proxyVariables) {
      const value = saved.get(name);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    proxy.targets.length = 0;
  });
  afterAll(async () => {
    await proxy.close();
    await mock.close();
  });

  function clearProxyVariables(): void {
    for (const name of proxyVariables) delete process.env[name];
  }

  it('tunnels through the proxy the environment names, read at the first request', async () => {
    clearProxyVariables();
    const transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    // Set after createTransport: nothing is read until the first request.
    process.env.HTTP_PROXY = proxy.url;
    try {
      const response = await transport.requestJson({ path: '/models' });
      expect(response.status).toBe(200);
      expect(proxy.targets).toEqual([new URL(mock.url).host]);
    } finally {
      await transport.close();
    }
  });

  it('goes direct to a host NO_PROXY lists', async () => {
    clearProxyVariables();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    const transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    try {
      expect((await transport.requestJson({ path: '/models' })).status).toBe(200);
      expect(proxy.targets).toEqual([]);
    } finally {
      await transport.close();
    }
  });
});
