import { parseToolArguments } from '@core/http';
import type { ProviderResult } from '@core/types';
import { convertOpenAICompatibleUsage } from './convert-openai-compatible-usage.js';
import { hasText, resolveOpenAICompatibleFinishReason } from './map-openai-compatible-finish-reason.js';
import type { ChatCompletionResponse } from './openai-compatible-api.js';

/** A non-stream Chat Completions response as our result. */
export function convertChatCompletionsResponse(
  response: ChatCompletionResponse,
  requestId: string | undefined,
): ProviderResult {
  const choice = response.choices?.[0];
  const message = choice?.message;
  const toolCalls = (message?.tool_calls ?? []).map((call, position) => ({
    id: call.id ?? `call_${position + 1}`,
    name: call.function?.name ?? '',
    ...parseToolArguments(call.function?.arguments ?? ''),
  }));
  const reasoning = message?.reasoning_content ?? message?.reasoning ?? undefined;
  const rawFinishReason = choice?.finish_reason ?? undefined;
  const content = message?.content;
  const refusal = message?.refusal;
  const hasContent = hasText(content);
  const hasRefusal = hasText(refusal);
  return {
    // A refusal is the model's answer, not a failure: it is the content, with `content_filter` as the reason.
    content: hasContent ? content : hasRefusal ? refusal : '',
    ...(reasoning === undefined || reasoning === '' ? {} : { reasoning }),
    toolCalls,
    finishReason: resolveOpenAICompatibleFinishReason(rawFinishReason, {
      hasContent,
      hasRefusal,
    }),
    ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
    usage: convertOpenAICompatibleUsage(response.usage),
    ...(response.model === undefined ? {} : { model: response.model }),
    ...(hasText(response.id) ? { responseId: response.id } : {}),
    ...(requestId === undefined ? {} : { requestId }),
    raw: response,
  };
}
