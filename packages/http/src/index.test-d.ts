import type { ProviderAPIError } from '@core/types';
import { expectTypeOf, test } from 'vitest';
import {
  classifyInBandError,
  createTransport,
  type EventStream,
  type JsonResponse,
  type SseEvent,
  type StreamMapper,
  type Transport,
} from './index.js';

test('the public signatures providers code against', () => {
  expectTypeOf(createTransport).returns.toEqualTypeOf<Transport>();
  const transport = createTransport({ provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1' });
  expectTypeOf(transport.requestJson<{ id: string }>).returns.resolves.toEqualTypeOf<
    JsonResponse<{ id: string }>
  >();
  const request = { path: '/chat/completions' };
  expectTypeOf(transport.streamSse(request)).resolves.toEqualTypeOf<EventStream<SseEvent>>();
  const toLength: StreamMapper<SseEvent, number> = {
    push: (events, into) => {
      for (const event of events) into.push(event.data.length);
    },
    end: () => {},
  };
  expectTypeOf(transport.streamSse(request, toLength)).resolves.toEqualTypeOf<EventStream<number>>();
  expectTypeOf(transport.streamNdjson<{ done: boolean }>(request)).resolves.toEqualTypeOf<
    EventStream<{ done: boolean }>
  >();
  expectTypeOf<EventStream<number>['read']>().returns.toEqualTypeOf<Promise<number[] | undefined>>();
  expectTypeOf<EventStream<SseEvent>>().toMatchTypeOf<AsyncIterable<SseEvent>>();
  expectTypeOf(classifyInBandError).returns.toEqualTypeOf<ProviderAPIError>();
});
