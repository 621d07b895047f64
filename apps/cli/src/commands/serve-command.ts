import { serve } from '@core/server';
import type { LLM } from '@core/types';
import type { Command } from 'commander';
import {
  createGateway,
  type GatewayConfig,
  gatewayConfigFromProviderFlags,
  providerFlagsSource,
  readGatewayConfig,
} from '../gateway-config.js';
import { integerFlag } from '../parse-integer-flag.js';
import { CliFailure, prepareLlm } from '../prepare-llm.js';
import {
  addProviderFlags,
  defaultProvider,
  providerNames,
  providerSettingFlags,
  readProviderFlags,
} from '../provider-flags.js';
import { createTerminal, formatDuration } from '../terminal.js';

interface ServeFlags {
  port: number;
  host: string;
  authToken?: string;
  cors?: boolean;
  requestTimeout?: number;
  maxConnections?: number;
  config?: string;
  /** Every `--provider`, in order (serve takes it more than once). */
  provider?: string[];
}

// The provider flags `--config` replaces: the file names every provider.
const providerFlagNames = [['provider', '--provider'], ...providerSettingFlags] as const;

type ServedLlms =
  | { llm: LLM; label: string }
  | {
      llms: Record<string, LLM>;
      aliases: Record<string, string[]> | undefined;
      defaultLlm: string | undefined;
      label: string;
    };

// Serves the gateway a file or the repeated `--provider` flags describe. A provider that does not answer now
// is served anyway (an alias may fall back past it), but said so.
async function openGateway(
  source: string,
  config: GatewayConfig,
  terminal: ReturnType<typeof createTerminal>,
): Promise<ServedLlms> {
  const gateway = createGateway(source, config);
  await Promise.all(
    Object.entries(config.providers).map(async ([name, entry]) => {
      if (entry.provider === 'onnx') return;
      const health = await gateway.llms[name]?.health({ timeout: 10_000 });
      if (health !== undefined && !health.ok) {
        terminal.error(
          terminal.colors.yellow(`${name}: cannot reach ${entry.provider}: ${health.error ?? 'no answer'}`),
        );
      }
    }),
  );
  return {
    llms: gateway.llms,
    aliases: gateway.aliases,
    defaultLlm: gateway.defaultLlm,
    label: `gateway · ${gateway.labels.join(', ')}`,
  };
}

async function chooseLlms(
  flags: ServeFlags & Record<string, unknown>,
  command: Command,
  terminal: ReturnType<typeof createTerminal>,
): Promise<ServedLlms> {
  if (flags.config !== undefined) {
    const given = providerFlagNames.filter(([key]) => command.getOptionValueSource(key) === 'cli');
    if (given.length > 0) {
      throw new CliFailure(
        `--config names the providers in its file: drop ${given.map(([, flag]) => flag).join(', ')}`,
      );
    }
    return openGateway(flags.config, await readGatewayConfig(flags.config), terminal);
  }
  const providers = flags.provider ?? [];
  const choice = readProviderFlags(flags);
  // One plain `--provider` (or none) serves that one LLM, checked before listening, as always; several, or a
  // named one, make a gateway.
  if (providers.length <= 1 && !providers.some((value) => value.includes('='))) {
    const prepared = await prepareLlm({ ...choice, provider: providers[0] ?? choice.provider }, terminal);
    return { llm: prepared.llm, label: prepared.label };
  }
  return openGateway(providerFlagsSource, gatewayConfigFromProviderFlags(providers, choice), terminal);
}

/** `abstractcore serve`: the chosen LLM behind `@core/server`, one log line per request, graceful on SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): void {
  addProviderFlags(
    program
      .command('serve')
      .description(
        'Serve the LLM (or, with several --provider flags or --config, several as a gateway) over HTTP: /generate, /batch, /stream and an OpenAI-compatible /v1 API',
      )
      .option(
        '--config <file>',
        'serve as a gateway over the providers of a JSON file: { "providers": { "<name>": { "provider", "model"?, ' +
          '"baseUrl"?, "apiKey"?, "options"? } }, "aliases"?: { "<alias>": ["name/model", ...] }, "default"?: "<name>" }; ' +
          'requests pick one with model "name/model"; an apiKey of "$ENV_NAME" is read from that environment variable ' +
          '(not with --provider, --model, --base-url or --api-key)',
      )
      .option('--port <port>', 'TCP port (0 picks a free one)', integerFlag({ min: 0, max: 65_535 }), 8000)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--auth-token <token>', 'require Authorization: Bearer <token>')
      .option('--cors', 'allow cross-origin requests from any origin')
      .option(
        '--request-timeout <ms>',
        'ms a client has to send its whole request, or get a 408 (default 30000; 0 turns it off)',
        integerFlag({ min: 0 }),
      )
      .option(
        '--max-connections <n>',
        'connections open at once; more are closed unanswered (default 1000)',
        integerFlag({ min: 1 }),
      ),
    {
      repeatable: true,
      providerHelp:
        `${providerNames} (default: ${defaultProvider}); repeat it as [name=]provider to serve a gateway: requests pick a ` +
        'provider with model "name/model" (name defaults to the provider), a bare model goes to the first; ' +
        'each provider reads its base URL and key from its environment variables, and --model, --base-url and --api-key are refused ' +
        'with several (give per-provider settings in --config)',
    },
  ).action(async (flags: ServeFlags & Record<string, unknown>, command: Command) => {
    const terminal = createTerminal();
    const { label, ...llms } = await chooseLlms(flags, command, terminal);
    const server = await serve({
      ...('llm' in llms
        ? { llm: llms.llm }
        : {
            llms: llms.llms,
            ...(llms.aliases === undefined ? {} : { aliases: llms.aliases }),
            ...(llms.defaultLlm === undefined ? {} : { defaultLlm: llms.defaultLlm }),
          }),
      port: flags.port,
      host: flags.host,
      ...(flags.authToken === undefined ? {} : { authToken: flags.authToken }),
      ...(flags.cors === true ? { cors: true } : {}),
      ...(flags.requestTimeout === undefined ? {} : { requestTimeout: flags.requestTimeout }),
      ...(flags.maxConnections === undefined ? {} : { maxConnections: flags.maxConnections }),
      onResponse: ({ method, url, statusCode, durationMs, aborted }) => {
        const status =
          statusCode >= 500
            ? terminal.colors.red
            : statusCode >= 400
              ? terminal.colors.yellow
              : terminal.colors.green;
        // A client that left before its answer was complete is logged too, and said so.
        terminal.line(
          `${new Date().toISOString()} ${method} ${url} ${status(String(statusCode))} ${formatDuration(durationMs)}${aborted ? ` ${terminal.colors.yellow('aborted')}` : ''}`,
        );
      },
    });
    terminal.line(`abstractcore serving ${label} at ${server.url}`);
    terminal.line(terminal.colors.dim(`OpenAI-compatible API: ${server.url}/v1 · Ctrl-C to stop`));
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        terminal.line(`${signal}: finishing open requests…`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close().then(resolve, (error: unknown) => {
          terminal.error(`abstractcore: ${error instanceof Error ? error.message : String(error)}`);
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    terminal.line('stopped');
  });
}
