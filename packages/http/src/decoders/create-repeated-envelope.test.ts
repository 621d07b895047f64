import { hasSharedDirectory, readFixtureText, sharedMissingReason } from '@tooling/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRepeatedEnvelope } from './create-repeated-envelope.js';

interface Delta {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
}

const readContent = (event: unknown) => (event as Delta).choices?.[0]?.delta?.content;

// A vLLM-shaped delta; `text` is a JSON string body (already escaped).
function delta(body: string, options: { id?: string; obfuscation?: string } = {}): string {
  const tail = options.obfuscation === undefined ? '' : `,"obfuscation":"${options.obfuscation}"`;
  return `{"id":"${options.id ?? 'chatcmpl-1'}","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"${body}"},"finish_reason":null}]${tail}}`;
}

function learned(data: string, options: Parameters<typeof createRepeatedEnvelope>[0] = { key: 'content' }) {
  const envelope = createRepeatedEnvelope(options);
  envelope.learn(data, readContent(JSON.parse(data)) as string, readContent);
  return envelope;
}

describe('createRepeatedEnvelope', () => {
  it('reads the text of a delta that repeats the learned one but for its text', () => {
    const envelope = learned(delta('Hello'));
    expect(envelope.textOf(delta(' world'))).toBe(' world');
    expect(envelope.textOf(delta(''))).toBe('');
  });

  it('decodes escapes the way JSON.parse does', () => {
    const envelope = learned(delta('x'));
    for (const text of ['say "hi"', 'a\\b', 'line\nbreak\ttab', 'é😀', '\u0001', '</script>']) {
      const body = JSON.stringify(text).slice(1, -1);
      expect(envelope.textOf(delta(body))).toBe(text);
    }
    expect(envelope.textOf(delta('\\u00e9\\/'))).toBe('é/');
  });

  it('refuses bodies that are not a JSON string body, so the caller parses (and fails) as usual', () => {
    const envelope = learned(delta('x'));
    for (const body of [
      'un"escaped',
      'trailing\\',
      'raw\u0001control',
      'bad\\q',
      'a"},"finish_reason":"stop',
    ]) {
      expect(envelope.textOf(delta(body))).toBeUndefined();
    }
  });

  it('refuses anything else: another envelope, a finish, usage, an error', () => {
    const envelope = learned(delta('x'));
    expect(envelope.textOf(delta('x', { id: 'chatcmpl-2' }))).toBeUndefined();
    expect(
      envelope.textOf(delta('x').replace('"finish_reason":null', '"finish_reason":"stop"')),
    ).toBeUndefined();
    expect(envelope.textOf(`${delta('x').slice(0, -1)},"usage":{"prompt_tokens":1}}`)).toBeUndefined();
    expect(envelope.textOf('{"error":{"message":"x"}}')).toBeUndefined();
    expect(envelope.textOf('[DONE]')).toBeUndefined();
  });

  it('knows nothing before it learns, and learns nothing it cannot prove', () => {
    expect(createRepeatedEnvelope({ key: 'content' }).textOf(delta('x'))).toBeUndefined();
    // The key twice: which one is the news is ambiguous.
    const twice = '{"a":{"content":"x"},"choices":[{"delta":{"content":"x"}}]}';
    expect(learned(twice).textOf(twice)).toBeUndefined();
    // The value `read` gives is not at the key's place (the caller's accessor looks elsewhere).
    const elsewhere = createRepeatedEnvelope({ key: 'content' });
    const data = '{"note":{"content":"x"},"choices":[{"delta":{"text":"x"}}]}';
    elsewhere.learn(
      data,
      'x',
      (event) => (event as { choices: [{ delta: { text: string } }] }).choices[0].delta.text,
    );
    expect(elsewhere.textOf(data.replaceAll('"x"', '"y"'))).toBeUndefined();
    // Not a string there.
    expect(
      learned('{"choices":[{"delta":{"content":null}}]}').textOf('{"choices":[{"delta":{"content":null}}]}'),
    ).toBe(undefined);
  });

  it('allows whitespace after the key, as Python servers write it', () => {
    const spaced = (body: string) =>
      `{"choices": [{"delta": {"content": "${body}"}, "finish_reason": null}]}`;
    expect(learned(spaced('a')).textOf(spaced('b c'))).toBe('b c');
  });

  it('skips ignored strings that vary (OpenAI obfuscation) but still checks they are strings', () => {
    const envelope = learned(delta('x', { obfuscation: 'Qup1' }), {
      key: 'content',
      ignoredKeys: ['obfuscation'],
    });
    expect(envelope.textOf(delta('next', { obfuscation: 'dTh' }))).toBe('next');
    expect(envelope.textOf(delta('next', { obfuscation: '' }))).toBe('next');
    expect(envelope.textOf(delta('next', { obfuscation: 'a"b' }))).toBeUndefined();
    // An ignored key the event does not have leaves no hole.
    expect(learned(delta('x'), { key: 'content', ignoredKeys: ['obfuscation'] }).textOf(delta('y'))).toBe(
      'y',
    );
  });

  it('stops learning after maxLearned attempts', () => {
    const envelope = createRepeatedEnvelope({ key: 'content', maxLearned: 1 });
    envelope.learn('{"content":null}', 'x', readContent);
    envelope.learn(delta('x'), 'x', readContent);
    expect(envelope.textOf(delta('y'))).toBeUndefined();
  });

  it('agrees with JSON.parse on any body: the same text, or undefined where JSON.parse throws', () => {
    const envelope = learned(delta('x', { obfuscation: 'p' }), {
      key: 'content',
      ignoredKeys: ['obfuscation'],
    });
    const body = fc.oneof(
      fc.string({ unit: 'binary' }).map((text) => JSON.stringify(text).slice(1, -1)),
      fc.string({ unit: fc.constantFrom('a', '"', '\\', 'u', '0', 'n', '}', ',', ':', '\u0001', 'é') }),
    );
    fc.assert(
      fc.property(body, body, (news, padding) => {
        const data = delta(news, { obfuscation: padding });
        let parsed: unknown;
        try {
          parsed = readContent(JSON.parse(data));
        } catch {
          expect(envelope.textOf(data)).toBeUndefined();
          return;
        }
        const text = envelope.textOf(data);
        if (text !== undefined) expect(text).toBe(parsed);
      }),
      { numRuns: 2000 },
    );
  });
});

describe.skipIf(!hasSharedDirectory())(`a recorded OpenAI stream (${sharedMissingReason})`, () => {
  it('is read without JSON.parse for all but a few deltas, with the same text', async () => {
    // gpt-4.1-nano through the real API: every delta repeats the envelope but its text and `obfuscation`.
    const lines = (await readFixtureText('openai/vercel-ai__openai-text.chunks.txt'))
      .split('\n')
      .filter(Boolean);
    const envelope = createRepeatedEnvelope({ key: 'content', ignoredKeys: ['obfuscation'] });
    let read = 0;
    for (const line of lines) {
      const parsed = JSON.parse(line) as Delta;
      const text = envelope.textOf(line);
      if (text !== undefined) {
        expect(text).toBe(readContent(parsed));
        read += 1;
      } else if (parsed.choices?.[0]?.finish_reason == null && typeof readContent(parsed) === 'string') {
        envelope.learn(line, readContent(parsed) as string, readContent);
      }
    }
    expect(lines.length).toBeGreaterThan(300);
    expect(read).toBeGreaterThan(lines.length - 5);
  });
});
