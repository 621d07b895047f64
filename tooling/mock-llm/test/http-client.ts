import type { Dispatcher } from 'undici';
import { request } from 'undici';

/** A response read to the end. */
export interface TextResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** POSTs JSON with undici and reads the whole body as text. */
export async function postJson(
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; dispatcher?: Dispatcher; signal?: AbortSignal } = {},
): Promise<TextResponse> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
    dispatcher: options.dispatcher,
    signal: options.signal,
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** GETs with undici and reads the whole body as text. */
export async function getText(url: string, headers: Record<string, string> = {}): Promise<TextResponse> {
  const response = await request(url, { method: 'GET', headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** A chat body for each wire with one user message. */
export function chatBody(prompt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'test-model', messages: [{ role: 'user', content: prompt }], ...extra };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
