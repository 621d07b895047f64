import type { Command } from 'commander';

/** Which LLM a command talks to, from `--provider`, `--model`, `--base-url` and `--api-key`, read once. */
export interface ProviderChoice {
  provider: string;
  model: string | undefined;
  baseUrl: string | undefined;
  apiKey: string | undefined;
}

/** The local ONNX model by default, so every command runs with no server and no key. */
export const defaultProvider = 'onnx';

/** Adds the provider flags every command shares. */
export function addProviderFlags(command: Command): Command {
  return command
    .option(
      '-p, --provider <name>',
      'openai, anthropic, ollama, lmstudio, openrouter, vllm, openai-compatible or onnx',
      defaultProvider,
    )
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
