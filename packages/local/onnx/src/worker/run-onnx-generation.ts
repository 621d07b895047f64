import {
  BaseStreamer,
  LogitsProcessorList,
  random,
  StoppingCriteria,
  StoppingCriteriaList,
  type Tensor,
  type TextStreamer,
} from '@huggingface/transformers';
import type { ChatMessage, GenerationReport, WorkerGenerateRequest } from '../worker-messages.js';
import { WorkerRequestError } from './classify-worker-error.js';
import { createIncrementalTextDecoder } from './incremental-text-decoder.js';
import type { LoadedOnnxModel } from './load-onnx-model.js';
import { createStopSequenceMatcher } from './stop-sequence-matcher.js';
import { TopPLogitsProcessor } from './top-p-logits-processor.js';

interface EncodedPrompt {
  input_ids: Tensor;
  attention_mask: Tensor;
}

/**
 * The prompt's tokens: through the chat template, or (a base model without one) the turns' text.
 * `apply_chat_template` hands every option it does not know to the template as a variable (transformers.js
 * 4.3 renders with `...kwargs`), which is how `enable_thinking` reaches it.
 */
function encodePrompt(
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

/** Ends generation after the current forward pass when `shouldStop` says so. */
class StopWhen extends StoppingCriteria {
  readonly #shouldStop: () => boolean;

  constructor(shouldStop: () => boolean) {
    super();
    this.#shouldStop = shouldStop;
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = this.#shouldStop();
    return inputIds.map(() => stop);
  }
}

/** Receives each new token from `generate()` as soon as it is sampled. */
class TokenStreamer extends BaseStreamer {
  readonly #onToken: (token: bigint) => void;
  #promptSeen = false;

  constructor(onToken: (token: bigint) => void) {
    super();
    this.#onToken = onToken;
  }

  override put(value: bigint[][]): void {
    // generate() first puts the prompt, then one token per step.
    if (!this.#promptSeen) {
      this.#promptSeen = true;
      return;
    }
    const token = value[0]?.[0];
    if (token !== undefined) this.#onToken(token);
  }

  override end(): void {}
}

/**
 * Runs one generation in this worker: chat template, sampling settings (`temperature: 0` is greedy; the
 * sampler is reseeded per request, so one seed gives one text), text decoded token by token (never
 * splitting a character), stop sequences matched as text arrives, and the abort flag read after every
 * forward pass. Text goes to `onText` as it is produced when the request streams.
 */
export async function runOnnxGeneration(
  loaded: LoadedOnnxModel,
  request: WorkerGenerateRequest,
  abortFlag: Int32Array,
  onText: (text: string) => void,
): Promise<GenerationReport> {
  const { tokenizer, model } = loaded;
  const inputs = encodePrompt(loaded, request.messages, request.enableThinking);
  const promptTokens = (inputs.input_ids.tolist() as bigint[][])[0] ?? [];
  const inputTokens = promptTokens.length;
  if (loaded.contextLength !== undefined && inputTokens >= loaded.contextLength) {
    throw new WorkerRequestError(
      'context-length',
      `The prompt is ${inputTokens} tokens; the model's context is ${loaded.contextLength}`,
    );
  }

  const parts: string[] = []; // the whole text when not streaming, joined once at the end
  const emit = request.stream ? onText : (text: string) => parts.push(text);
  const decoder = createIncrementalTextDecoder(
    (tokens) => tokenizer.decode(tokens as bigint[], { skip_special_tokens: true }),
    promptTokens,
  );
  const matcher = createStopSequenceMatcher(request.stop);
  let outputTokens = 0;
  let lastToken: bigint | undefined;
  let stoppedBySequence = false;
  const aborted = () => Atomics.load(abortFlag, 0) === 1;

  const take = (piece: string) => {
    if (piece === '' || stoppedBySequence) return;
    const match = matcher.push(piece);
    if (match.text !== '') emit(match.text);
    stoppedBySequence = match.stopped;
  };
  const streamer = new TokenStreamer((token) => {
    outputTokens++;
    lastToken = token;
    if (!loaded.endTokens.has(token)) take(decoder.push(token));
  });

  const settings: Record<string, unknown> = { max_new_tokens: request.maxNewTokens };
  if (request.temperature === 0) settings.do_sample = false;
  else if (request.temperature !== undefined) {
    settings.do_sample = true;
    settings.temperature = request.temperature;
  }
  if (request.topK !== undefined) settings.top_k = request.topK;
  const modelDefaults = model.generation_config as { do_sample?: boolean; top_p?: number } | null;
  const sampling = (settings.do_sample as boolean | undefined) ?? modelDefaults?.do_sample === true;
  // The model's own top_p (Qwen's generation_config says 0.8) applies when the call gives none.
  const topP = request.topP ?? modelDefaults?.top_p;
  const logitsProcessor = new LogitsProcessorList();
  if (sampling && topP !== undefined && topP < 1) logitsProcessor.push(new TopPLogitsProcessor(topP));
  const stoppingCriteria = new StoppingCriteriaList();
  stoppingCriteria.push(new StopWhen(() => stoppedBySequence || aborted()));

  // transformers.js samples from one generator per thread; reseeding per request (from entropy when no seed
  // is given) makes a seeded request independent of what ran before it in this worker.
  random.seed(request.seed);
  if (!aborted()) {
    await model.generate({
      ...inputs,
      ...settings,
      ...request.generationOptions,
      logits_processor: logitsProcessor,
      stopping_criteria: stoppingCriteria,
      // The declared type asks for a TextStreamer; generate() only calls put() and end().
      streamer: streamer as unknown as TextStreamer,
    });
  }

  const wasAborted = aborted() && !stoppedBySequence;
  if (!stoppedBySequence && !wasAborted) {
    take(decoder.flush());
    if (!stoppedBySequence) {
      const rest = matcher.flush();
      if (rest !== '') emit(rest);
    }
  }
  const ended = lastToken !== undefined && loaded.endTokens.has(lastToken);
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
}
