import type { ProviderAPIError } from '@core/types';
import { expectTypeOf, test } from 'vitest';
import {
  classifyHttpError,
  createTransport,
  decodeNdjson,
  decodeSse,
  type EventStream,
  type JsonResponse,
  type SseEvent,
  type Transport,
} from './index.js';

test('the public signatures providers code against', () => {
  expectTypeOf(createTransport).returns.toEqualTypeOf<Transport>();
  const transport = createTransport({ provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1' });
  expectTypeOf(transport.requestJson<{ id: string }>).returns.resolves.toEqualTypeOf<
    JsonResponse<{ id: string }>
  >();
  expectTypeOf(transport.streamSse).returns.resolves.toEqualTypeOf<EventStream<SseEvent>>();
  expectTypeOf(transport.streamNdjson<{ done: boolean }>).returns.resolves.toEqualTypeOf<
    EventStream<{ done: boolean }>
  >();
  expectTypeOf<EventStream<SseEvent>>().toMatchTypeOf<AsyncIterable<SseEvent>>();
  expectTypeOf(decodeSse).returns.toEqualTypeOf<AsyncGenerator<SseEvent>>();
  expectTypeOf(decodeNdjson<number>).returns.toEqualTypeOf<AsyncGenerator<number>>();
  expectTypeOf(classifyHttpError).returns.toEqualTypeOf<ProviderAPIError>();
});
