import { type Command, InvalidArgumentError } from 'commander';

/** Which LLM a command talks to, from `--provider`, `--model`, `--base-url` and `--api-key`, read once. */
export interface ProviderChoice {
  provider: string;
  model: string | undefined;
  baseUrl: string | undefined;
  apiKey: string | undefined;
}

/** The local ONNX model by default, so every command runs with no server and no key. */
export const defaultProvider = 'onnx';

/** The provider names `--provider` takes, as its help lists them. */
export const providerNames =
  'openai, anthropic, ollama, lmstudio, openrouter, vllm, openai-compatible or onnx';

/** The flags that set up the one provider of `--provider`: option key and flag, as errors name them. */
export const providerSettingFlags = [
  ['model', '--model'],
  ['baseUrl', '--base-url'],
  ['apiKey', '--api-key'],
] as const;

/** How `addProviderFlags` reads `--provider`. */
export interface ProviderFlagOptions {
  /**
   * Take `--provider` more than once (only `serve` does: several providers make a gateway); the parsed value
   * is then a `string[]` in command-line order. Otherwise a second `--provider` stops the command.
   */
  repeatable?: boolean;
  /** The `--provider` help text, when the command gives the flag more meaning than the list of names. */
  providerHelp?: string;
}

// Commander keeps the last of a repeated flag by default, so `chat -p ollama -p openai` would quietly talk to
// openai. No commander default either: the parser must see `undefined` before the first value to tell a
// repetition from the default (which `readProviderFlags` applies instead).
function parseProvider(command: Command, repeatable: boolean) {
  return (value: string, previous: string | string[] | undefined): string | string[] => {
    if (repeatable) return [...(Array.isArray(previous) ? previous : []), value];
    if (previous !== undefined) {
      throw new InvalidArgumentError(
        `${command.name()} talks to one provider: give --provider once (only serve takes several).`,
      );
    }
    return value;
  };
}

/** Adds the provider flags every command shares. */
export function addProviderFlags(command: Command, options: ProviderFlagOptions = {}): Command {
  const { repeatable = false, providerHelp = `${providerNames} (default: ${defaultProvider})` } = options;
  return command
    .option('-p, --provider <name>', providerHelp, parseProvider(command, repeatable))
    .option('-m, --model <model>', 'model name (for onnx: a hub id or a local directory; default ONNX_MODEL)')
    .option(
      '--base-url <url>',
      "the provider's base URL (default: its env var, then its usual local address)",
    )
    .option('--api-key <key>', "the provider's API key (default: its env var)");
}

/** Reads the flags of a parsed command into a choice. */
export function readProviderFlags(options: Record<string, unknown>): ProviderChoice {
  const read = (key: string): string | undefined => {
    const value = options[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return {
    provider: read('provider') ?? defaultProvider,
    model: read('model'),
    baseUrl: read('baseUrl'),
    apiKey: read('apiKey'),
  };
}
