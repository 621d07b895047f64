/** One server-sent event: `event` and `id` are `undefined` when the event had no such field. */
export interface SseEvent {
  event: string | undefined;
  /** The `data:` lines joined with `\n`; `[DONE]` is passed through for the provider to interpret. */
  data: string;
  id: string | undefined;
}
