import type { Tensor } from '@huggingface/transformers';
import type { ChatMessage, GenerationReport, WorkerGenerateRequest } from '../worker-messages.js';
import { WorkerRequestError } from './classify-worker-error.js';
import { createIncrementalTextDecoder } from './incremental-text-decoder.js';
import type { LoadedOnnxModel } from './load-onnx-model.js';
import { createStopSequenceMatcher } from './stop-sequence-matcher.js';

/** A prompt as the tokenizer returns it: `[1, length]` tensors. */
export interface EncodedPrompt {
  input_ids: Tensor;
  attention_mask: Tensor;
}

/**
 * The prompt's tokens: through the chat template, or (a base model without one) the turns' text.
 * `apply_chat_template` hands every option it does not know to the template as a variable (transformers.js
 * 4.3 renders with `...kwargs`), which is how `enable_thinking` reaches it.
 */
export function encodePrompt(
  loaded: LoadedOnnxModel,
  messages: ChatMessage[],
  enableThinking: boolean | undefined,
): EncodedPrompt {
  const { tokenizer } = loaded;
  if (tokenizer.chat_template !== null && tokenizer.chat_template !== undefined) {
    // Not an object literal at the call: the declared options type lists no template variables.
    const options = {
      add_generation_prompt: true,
      return_dict: true,
      ...(enableThinking === undefined ? {} : { enable_thinking: enableThinking }),
    };
    return tokenizer.apply_chat_template(messages, options) as unknown as EncodedPrompt;
  }
  return tokenizer(messages.map((message) => message.content).join('\n\n')) as EncodedPrompt;
}

/**
 * One request's bookkeeping, whichever engine samples its tokens: text decoded token by token (never
 * splitting a character), stop sequences matched as text arrives, and the report at the end. Text goes to
 * `onText` as it is produced when the request streams, else into the report.
 */
export interface GenerationRow {
  /** Takes one sampled token; returns whether the row is done (end token, stop sequence, maxNewTokens). */
  accept(token: bigint): boolean;
  /** Flushes held text (unless aborted or stopped) and says how the generation went. */
  finish(aborted: boolean): GenerationReport;
}

/** The request's prompt as token ids; throws a `context-length` WorkerRequestError when it does not fit. */
export function encodePromptTokens(loaded: LoadedOnnxModel, request: WorkerGenerateRequest): bigint[] {
  const inputs = encodePrompt(loaded, request.messages, request.enableThinking);
  const promptTokens = (inputs.input_ids.tolist() as bigint[][])[0] ?? [];
  if (loaded.contextLength !== undefined && promptTokens.length >= loaded.contextLength) {
    throw new WorkerRequestError(
      'context-length',
      `The prompt is ${promptTokens.length} tokens; the model's context is ${loaded.contextLength}`,
    );
  }
  return promptTokens;
}

/** The bookkeeping of one request whose prompt is `promptTokens`, ending at any of `endTokens`. */
export function createGenerationRow(
  loaded: LoadedOnnxModel,
  request: WorkerGenerateRequest,
  promptTokens: bigint[],
  endTokens: ReadonlySet<bigint>,
  onText: (text: string) => void,
): GenerationRow {
  const { tokenizer } = loaded;
  const inputTokens = promptTokens.length;

  const parts: string[] = []; // the whole text when not streaming, joined once at the end
  const emit = request.stream ? onText : (text: string) => parts.push(text);
  const decoder = createIncrementalTextDecoder(
    (tokens) => tokenizer.decode(tokens as bigint[], { skip_special_tokens: true }),
    promptTokens,
  );
  const matcher = createStopSequenceMatcher(request.stop);
  let outputTokens = 0;
  let ended = false;
  let stoppedBySequence = false;

  const take = (piece: string) => {
    if (piece === '' || stoppedBySequence) return;
    const match = matcher.push(piece);
    if (match.text !== '') emit(match.text);
    stoppedBySequence = match.stopped;
  };

  return {
    accept(token) {
      outputTokens++;
      if (endTokens.has(token)) ended = true;
      else take(decoder.push(token));
      return ended || stoppedBySequence || outputTokens >= request.maxNewTokens;
    },
    finish(aborted) {
      const wasAborted = aborted && !stoppedBySequence && !ended;
      if (!stoppedBySequence && !wasAborted) {
        take(decoder.flush());
        if (!stoppedBySequence) {
          const rest = matcher.flush();
          if (rest !== '') emit(rest);
        }
      }
      const [finishReason, rawFinishReason]: [GenerationReport['finishReason'], string] = stoppedBySequence
        ? ['stop', 'stop_sequence']
        : wasAborted
          ? ['stop', 'aborted']
          : ended || outputTokens < request.maxNewTokens
            ? ['stop', 'eos_token']
            : ['length', 'max_new_tokens'];
      return {
        text: request.stream ? undefined : parts.join(''),
        inputTokens,
        outputTokens,
        finishReason,
        rawFinishReason,
        aborted: wasAborted,
      };
    },
  };
}
