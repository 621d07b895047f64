import { expect, it } from 'vitest';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

it.each([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
  ['refusal', 'content_filter'],
  ['pause_turn', 'other'],
  ['something_new', 'other'],
  [null, 'other'],
] as const)('maps stop_reason %s to %s', (raw, expected) => {
  expect(mapAnthropicFinishReason(raw)).toBe(expected);
});
