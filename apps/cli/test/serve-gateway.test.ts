import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from './cli-process.js';

let cloud: MockLlm;
let local: MockLlm;
let directory: string;
beforeAll(async () => {
  cloud = await startMockLlm({ models: ['cloud-model'] });
  local = await startMockLlm({ models: ['qwen3:4b'] });
  directory = await mkdtemp(join(tmpdir(), 'abstractcore-gateway-'));
});
afterAll(async () => {
  await Promise.all([cloud.close(), local.close()]);
  await rm(directory, { recursive: true, force: true });
});

async function writeConfig(name: string, config: unknown): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

describe('abstractcore serve --config', () => {
  it('routes name/model to each provider of the file, lists prefixed models, and serves aliases', async () => {
    const path = await writeConfig('gateway.json', {
      providers: {
        cloud: {
          provider: 'openai-compatible',
          baseUrl: cloud.openaiBaseUrl,
          model: 'cloud-model',
          apiKey: '$GATEWAY_TEST_KEY',
          options: { maxRetries: 0 },
        },
        local: { provider: 'ollama', baseUrl: local.url, model: 'qwen3:4b', options: { maxRetries: 0 } },
      },
      aliases: { fast: ['local/qwen3:4b', 'cloud/cloud-model'] },
      default: 'cloud',
    });
    const served = await startServe(['--config', path, '--port', '0'], { GATEWAY_TEST_KEY: 'secret-key' });
    try {
      const { url } = served;
      expect(served.stdout()).toContain('gateway');
      cloud.reset();
      local.reset();
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });

      const fromLocal = await client.chat.completions.create({
        model: 'local/qwen3:4b',
        messages: [{ role: 'user', content: 'Hello local' }],
      });
      expect(fromLocal.choices[0]?.message.content).toBe('Echo: Hello local');
      const localChat = local.requests.filter((request) => request.path === '/api/chat');
      expect(localChat).toHaveLength(1);
      expect(localChat[0]?.body).toMatchObject({ model: 'qwen3:4b' });

      const fromCloud = await client.chat.completions.create({
        model: 'cloud/cloud-model',
        messages: [{ role: 'user', content: 'Hello cloud' }],
      });
      expect(fromCloud.choices[0]?.message.content).toBe('Echo: Hello cloud');
      const cloudChat = cloud.requests.filter((request) => request.path === '/v1/chat/completions');
      expect(cloudChat).toHaveLength(1);
      expect(cloudChat[0]?.body).toMatchObject({ model: 'cloud-model' });
      expect(cloudChat[0]?.headers.authorization).toBe('Bearer secret-key');

      const viaAlias = await client.chat.completions.create({
        model: 'fast',
        messages: [{ role: 'user', content: 'Hello alias' }],
      });
      expect(viaAlias.choices[0]?.message.content).toBe('Echo: Hello alias');
      expect(local.requests.filter((request) => request.path === '/api/chat')).toHaveLength(2);

      const ids = (await client.models.list()).data.map((model) => model.id);
      expect(ids).toEqual(expect.arrayContaining(['cloud/cloud-model', 'local/qwen3:4b']));

      expect(await served.stop()).toBe(0);
    } finally {
      await served.stop();
    }
  }, 60_000);

  it.each([
    [
      'a provider without its provider field',
      { providers: { local: { model: 'x' } } },
      'gateway-bad.json: providers.local.provider: Required',
    ],
    [
      'an alias naming an unknown provider',
      { providers: { local: { provider: 'ollama' } }, aliases: { fast: ['nowhere/model'] } },
      "gateway-bad.json: aliases.fast.0: 'nowhere' is not a provider (known: local)",
    ],
    [
      'a default that is not a provider',
      { providers: { local: { provider: 'ollama' } }, default: 'cloud' },
      "gateway-bad.json: default: 'cloud' is not a provider (known: local)",
    ],
    ['broken JSON', '{ "providers": ', 'gateway-bad.json: invalid JSON'],
    [
      'an unset $ENV apiKey',
      { providers: { cloud: { provider: 'openai', apiKey: '$GATEWAY_TEST_UNSET_KEY' } } },
      'gateway-bad.json: providers.cloud.apiKey: environment variable GATEWAY_TEST_UNSET_KEY is not set',
    ],
  ])(
    'exits 1 with one line naming the bad field for %s',
    async (_name, config, message) => {
      await writeConfig('gateway-bad.json', config);
      const run = await runCli(['serve', '--config', 'gateway-bad.json', '--port', '0'], {
        cwd: directory,
        timeoutMs: 30_000,
      });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(message);
    },
    40_000,
  );

  it('exits 1 for a missing file and for --config with --provider', async () => {
    const missing = await runCli(['serve', '--config', join(directory, 'nowhere.json')], {
      timeoutMs: 30_000,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nowhere.json: no such file');

    const path = await writeConfig('gateway-ok.json', { providers: { local: { provider: 'ollama' } } });
    const both = await runCli(['serve', '--config', path, '--provider', 'ollama'], { timeoutMs: 30_000 });
    expect(both.code).toBe(1);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
    expect(both.stderr).toContain('--config names the providers in its file: drop --provider');
  }, 60_000);
});

describe('abstractcore serve --provider, repeated', () => {
  it('serves each [name=]provider as a gateway: name/model reaches that provider, a bare model the first', async () => {
    // Without per-provider flags, each provider reads its base URL and key from its own environment variables.
    const served = await startServe(['--provider', 'a=openai', '--provider', 'b=ollama', '--port', '0'], {
      OPENAI_BASE_URL: cloud.openaiBaseUrl,
      OPENAI_API_KEY: 'key-from-env',
      OLLAMA_BASE_URL: local.url,
    });
    try {
      expect(served.stdout()).toContain('gateway · a (openai');
      expect(served.stdout()).toContain('b (ollama');
      cloud.reset();
      local.reset();
      const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });

      const fromB = await client.chat.completions.create({
        model: 'b/qwen3:4b',
        messages: [{ role: 'user', content: 'Hello b' }],
      });
      expect(fromB.choices[0]?.message.content).toBe('Echo: Hello b');
      expect(local.requests.map((request) => request.path)).toEqual(['/api/chat']);
      expect(local.requests[0]?.body).toMatchObject({ model: 'qwen3:4b' });
      expect(cloud.requests).toHaveLength(0);

      const fromDefault = await client.chat.completions.create({
        model: 'cloud-model',
        messages: [{ role: 'user', content: 'Hello default' }],
      });
      expect(fromDefault.choices[0]?.message.content).toBe('Echo: Hello default');
      expect(cloud.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);
      expect(cloud.requests[0]?.body).toMatchObject({ model: 'cloud-model' });
      expect(cloud.requests[0]?.headers.authorization).toBe('Bearer key-from-env');
      expect(local.requests).toHaveLength(1);

      const ids = (await client.models.list()).data.map((model) => model.id);
      expect(ids).toEqual(expect.arrayContaining(['a/cloud-model', 'b/qwen3:4b']));
      expect(await served.stop()).toBe(0);
    } finally {
      await served.stop();
    }
  }, 60_000);

  it.each([
    [
      'a name given twice',
      ['serve', '--provider', 'ollama', '--provider', 'ollama'],
      "--provider: 'ollama' names two providers: give each its own name, e.g. --provider ollama2=ollama",
    ],
    [
      'a name given twice with name=',
      ['serve', '--provider', 'local=ollama', '--provider', 'local=openai'],
      "--provider: 'local' names two providers",
    ],
    [
      'per-provider flags beside several providers',
      ['serve', '--provider', 'ollama', '--provider', 'openai', '--model', 'm', '--api-key', 'k'],
      "--model, --api-key would set only one of 2 providers: give each provider's model, baseUrl and apiKey in a --config file",
    ],
    [
      'a name with a slash',
      ['serve', '--provider', 'a/b=ollama', '--provider', 'openai'],
      "--provider: providers: 'a/b': a provider name must be non-empty and without '/'",
    ],
  ])(
    'exits 1 with one line for %s',
    async (_name, args, message) => {
      const run = await runCli([...args, '--port', '0'], { timeoutMs: 30_000 });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(message);
      expect(run.stdout).toBe('');
    },
    40_000,
  );

  it('is refused twice on a command that talks to one provider, before anything runs', async () => {
    const run = await runCli(['chat', '--provider', 'ollama', '--provider', 'openai'], { timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toContain(
      "argument 'openai' is invalid. chat talks to one provider: give --provider once (only serve takes several).",
    );
    expect(run.stdout).toBe('');
  }, 40_000);
});
