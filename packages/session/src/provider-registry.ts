import { type ProviderFactory, ProviderNotInstalledError, UnknownProviderError } from '@core/types';

/** How a provider name becomes an adapter factory. */
export interface ProviderEntry {
  /** The npm package that holds the provider, for the install hint; absent for registered loaders. */
  packageName?: string;
  load: () => Promise<ProviderFactory>;
}

// One literal import per name, so bundlers see them and Node resolves each from this package's location:
// the providers are optional peer dependencies, which both npm's flat layout and pnpm's strict one link here.
const builtInProviders: Readonly<Record<string, ProviderEntry>> = {
  openai: {
    packageName: '@provider/openai',
    load: async () => (await import('@provider/openai')).createOpenAIAdapter,
  },
  anthropic: {
    packageName: '@provider/anthropic',
    load: async () => (await import('@provider/anthropic')).createAnthropicAdapter,
  },
  ollama: {
    packageName: '@provider/ollama',
    load: async () => (await import('@provider/ollama')).createOllamaAdapter,
  },
  lmstudio: {
    packageName: '@provider/openai-compatible',
    load: async () => (await import('@provider/openai-compatible')).createLmStudioAdapter,
  },
  openrouter: {
    packageName: '@provider/openai-compatible',
    load: async () => (await import('@provider/openai-compatible')).createOpenRouterAdapter,
  },
  vllm: {
    packageName: '@provider/openai-compatible',
    load: async () => (await import('@provider/openai-compatible')).createVllmAdapter,
  },
  'openai-compatible': {
    packageName: '@provider/openai-compatible',
    load: async () => (await import('@provider/openai-compatible')).createOpenAICompatibleAdapter,
  },
  onnx: {
    packageName: '@local/onnx',
    load: async () => (await import('@local/onnx')).createOnnxAdapter,
  },
};

const registeredProviders = new Map<string, ProviderEntry>();

/**
 * Adds a provider name for `createLLM`, e.g. from a third-party package:
 * `registerProvider('acme', async () => (await import('acme-provider')).createAcmeAdapter)`.
 * A registered name replaces a built-in one of the same name.
 */
export function registerProvider(name: string, load: () => Promise<ProviderFactory> | ProviderFactory): void {
  if (typeof name !== 'string' || name.length === 0)
    throw new TypeError('registerProvider: name must be a non-empty string');
  if (typeof load !== 'function')
    throw new TypeError('registerProvider: load must be a function returning a provider factory');
  registeredProviders.set(name, { load: async () => load() });
}

/** Every provider name `createLLM` accepts. */
export function knownProviders(): string[] {
  return [...new Set([...Object.keys(builtInProviders), ...registeredProviders.keys()])];
}

/** The entry for `name`; throws `UnknownProviderError` listing the known names. */
export function findProvider(name: string): ProviderEntry {
  const entry =
    registeredProviders.get(name) ??
    (Object.hasOwn(builtInProviders, name) ? builtInProviders[name] : undefined);
  if (entry === undefined)
    throw new UnknownProviderError({ providerName: name, knownProviders: knownProviders() });
  return entry;
}

/**
 * Whether the provider's package resolves from here, checked synchronously so `createLLM` can fail at once.
 * Where `import.meta.resolve` is unavailable the check passes and the first call reports a missing package.
 */
export function isProviderInstalled(entry: ProviderEntry): boolean {
  if (entry.packageName === undefined || typeof import.meta.resolve !== 'function') return true;
  try {
    import.meta.resolve(entry.packageName);
    return true;
  } catch {
    return false;
  }
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(packageName)
  );
}

/** Loads the provider's factory; a missing package becomes `ProviderNotInstalledError` with the install command. */
export async function loadProvider(name: string, entry: ProviderEntry): Promise<ProviderFactory> {
  try {
    return await entry.load();
  } catch (error) {
    if (entry.packageName !== undefined && isModuleNotFound(error, entry.packageName)) {
      throw new ProviderNotInstalledError({
        providerName: name,
        packageName: entry.packageName,
        cause: error,
      });
    }
    throw error;
  }
}
