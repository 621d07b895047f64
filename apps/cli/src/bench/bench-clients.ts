import type { BenchClient, BenchClientSettings, ClientKind, ClientName } from './bench-types.js';
import type { OursProvider } from './clients/ours-bench-client.js';

/** How a client appears in the report. */
export interface ClientDescription {
  name: ClientName;
  kind: ClientKind;
  /** What the client is, in the words of the tables. */
  label: string;
  /** The npm packages whose versions the report records. */
  packages: string[];
}

/** The catalogue, in the order tables list them. */
export const clientDescriptions: Record<ClientName, ClientDescription> = {
  'ours-compatible': {
    name: 'ours-compatible',
    kind: 'ours',
    label: "createLLM('openai-compatible')",
    packages: ['@core/session', '@provider/openai-compatible'],
  },
  'ours-openai': {
    name: 'ours-openai',
    kind: 'ours',
    label: "createLLM('openai')",
    packages: ['@core/session', '@provider/openai'],
  },
  'ours-anthropic': {
    name: 'ours-anthropic',
    kind: 'ours',
    label: "createLLM('anthropic')",
    packages: ['@core/session', '@provider/anthropic'],
  },
  'ours-ollama': {
    name: 'ours-ollama',
    kind: 'ours',
    label: "createLLM('ollama')",
    packages: ['@core/session', '@provider/ollama'],
  },
  undici: {
    name: 'undici',
    kind: 'baseline',
    label: 'raw undici Pool + SSE split',
    packages: ['undici'],
  },
  openai: { name: 'openai', kind: 'peer', label: 'openai (official)', packages: ['openai'] },
  'ai-sdk': {
    name: 'ai-sdk',
    kind: 'peer',
    label: 'Vercel AI SDK (ai + @ai-sdk/openai)',
    packages: ['ai', '@ai-sdk/openai'],
  },
  langchain: {
    name: 'langchain',
    kind: 'peer',
    label: '@langchain/openai',
    packages: ['@langchain/openai', '@langchain/core'],
  },
  'layer-http': {
    name: 'layer-http',
    kind: 'layer',
    label: 'the HTTP exchange alone (undici, bytes read, nothing parsed)',
    packages: ['undici'],
  },
  'layer-adapter': {
    name: 'layer-adapter',
    kind: 'layer',
    label: 'our adapter without the pipeline (doStream, read batch by batch)',
    packages: ['@provider/openai-compatible'],
  },
  'traced-noop': {
    name: 'traced-noop',
    kind: 'ours',
    label: "createLLM('openai-compatible'), SDK registered, every span sampled out",
    packages: [
      '@core/session',
      '@provider/openai-compatible',
      '@opentelemetry/api',
      '@opentelemetry/sdk-trace-base',
    ],
  },
  'traced-memory': {
    name: 'traced-memory',
    kind: 'ours',
    label: "createLLM('openai-compatible'), SDK exporting spans and metrics to memory",
    packages: [
      '@core/session',
      '@provider/openai-compatible',
      '@opentelemetry/api',
      '@opentelemetry/core',
      '@opentelemetry/sdk-metrics',
      '@opentelemetry/sdk-trace-base',
    ],
  },
};

async function loadOurs(provider: OursProvider, settings: BenchClientSettings): Promise<BenchClient> {
  const { createOursBenchClient } = await import('./clients/ours-bench-client.js');
  return createOursBenchClient(provider, settings);
}

/**
 * Imports one client's adapter (and with it, its library) and creates the client. The imports are dynamic so
 * a worker process loads only the library it measures: cold start and memory see that library alone.
 */
export async function loadBenchClient(name: ClientName, settings: BenchClientSettings): Promise<BenchClient> {
  switch (name) {
    case 'ours-compatible':
      return loadOurs('openai-compatible', settings);
    case 'ours-openai':
      return loadOurs('openai', settings);
    case 'ours-anthropic':
      return loadOurs('anthropic', settings);
    case 'ours-ollama':
      return loadOurs('ollama', settings);
    case 'undici': {
      const { createUndiciBenchClient } = await import('./clients/undici-bench-client.js');
      return createUndiciBenchClient(settings);
    }
    case 'openai': {
      const { createOpenAIBenchClient } = await import('./clients/openai-bench-client.js');
      return createOpenAIBenchClient(settings);
    }
    case 'ai-sdk': {
      const { createAiSdkBenchClient } = await import('./clients/ai-sdk-bench-client.js');
      return createAiSdkBenchClient(settings);
    }
    case 'langchain': {
      const { createLangChainBenchClient } = await import('./clients/langchain-bench-client.js');
      return createLangChainBenchClient(settings);
    }
    case 'layer-http': {
      const { createHttpLayerBenchClient } = await import('./clients/layer-bench-clients.js');
      return createHttpLayerBenchClient(settings);
    }
    case 'layer-adapter': {
      const { createAdapterLayerBenchClient } = await import('./clients/layer-bench-clients.js');
      return createAdapterLayerBenchClient(settings);
    }
    case 'traced-noop':
    case 'traced-memory': {
      const { createTracedBenchClient } = await import('./clients/traced-bench-client.js');
      return createTracedBenchClient(name === 'traced-noop' ? 'noop' : 'memory', settings);
    }
  }
}
