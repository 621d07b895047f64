/**
 * Secrets never leave through an error, an event or a saved file. Providers register the keys they
 * hold; every error message and `cause` is passed through `redactSecrets` when the error is built.
 * The set lives on `globalThis` under a `Symbol.for` key so duplicated copies of this package share it.
 */
const registryKey = Symbol.for('abstractcore.secrets');

type SecretRegistry = Set<string>;

function secretRegistry(): SecretRegistry {
  const holder = globalThis as typeof globalThis & { [registryKey]?: SecretRegistry };
  holder[registryKey] ??= new Set<string>();
  return holder[registryKey];
}

// Secrets shorter than this would redact ordinary words; real API keys are far longer.
const minimumSecretLength = 6;

/** Registers a secret (an API key, a bearer token) so that it is redacted from every error text. */
export function registerSecret(secret: string | undefined): void {
  if (secret !== undefined && secret.length >= minimumSecretLength) secretRegistry().add(secret);
}

// Shapes that are secrets whoever registered them: bearer tokens, header lines and the common key formats
// (OpenAI `sk-…`, `sk-proj-…`, Anthropic `sk-ant-…`, OpenRouter `sk-or-…`).
const secretPatterns: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi, '$1 [REDACTED]'],
  [
    /\b(authorization|x-api-key|api-key|proxy-authorization)(["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi,
    '$1$2[REDACTED]',
  ],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, '[REDACTED]'],
];

/** Returns `text` with every registered secret and every secret-shaped token replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of secretRegistry()) {
    if (result.includes(secret)) result = result.split(secret).join('[REDACTED]');
  }
  for (const [pattern, replacement] of secretPatterns) result = result.replace(pattern, replacement);
  return result;
}
