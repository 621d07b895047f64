// The real tiny model the behaviour tests run (../shared/models/stories260K) and its README's goldens.
import { hasSharedDirectory, sharedMissingReason, sharedPath } from '@tooling/fixtures';

/** Whether ../shared (and so the model) is present; `describe.skipIf(!hasStoriesModel)` with the reason below. */
export const hasStoriesModel = hasSharedDirectory();

/** Why the model's tests were skipped. */
export const storiesMissingReason = sharedMissingReason;

/** The model directory (only call when `hasStoriesModel`). */
export function storiesPath(): string {
  return sharedPath('models', 'stories260K');
}

/** Greedy, 32 new tokens, from the model's README: the pipeline output includes the prompt. */
export const goldens = [
  {
    prompt: 'Once upon a time',
    output:
      'Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw',
    promptTokenIds: [1, 403, 407, 261, 378],
  },
  {
    prompt: 'Tom had a red car.',
    output:
      'Tom had a red car. He liked to play with his toys. He liked to play with his toys and run around the room',
    promptTokenIds: [1, 274, 287, 381, 261, 352, 266, 280, 295, 426],
  },
] as const;

/**
 * What our API returns for a golden: the chat template is BOS + the user text, so `content` is the
 * continuation, the README output minus the prompt.
 */
export function continuationOf(golden: (typeof goldens)[number]): string {
  return golden.output.slice(golden.prompt.length);
}

/** Appended to a suite's name, so a skipped run says why. */
export const skipNote = hasStoriesModel ? '' : ` (skipped: ${sharedMissingReason})`;
