/**
 * Something a call asked for that the provider did not do as asked. Providers never drop an option
 * silently: each one they cannot honour for the model at hand is reported here (or, with
 * `unsupportedOptions: 'error'`, thrown as an `UnsupportedOptionError` before anything is sent).
 */
export type Warning =
  | {
      type: 'unsupported-option';
      provider: string;
      /** The option as the caller spelled it (`seed`, `topK`, `reasoning.budgetTokens`, …). */
      option: string;
      message: string;
    }
  | { type: 'other'; provider: string; message: string };

/** What happens to an option the provider cannot honour: a warning on the response, or an error up front. */
export type UnsupportedOptionsMode = 'warn' | 'error';

/**
 * Reasoning ("thinking") for a call, one shape for every provider: `effort` where the wire takes a level,
 * `budgetTokens` where it takes a budget, `false` to turn it off where the model can. Each provider maps it
 * to its own field and warns where it has none.
 */
export type ReasoningOption =
  | {
      effort?: 'low' | 'medium' | 'high';
      /** Tokens the model may spend thinking before it answers. */
      budgetTokens?: number;
    }
  | false;
