import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type ContentPart, type Message, redactSecrets } from '@core/types';

/** What a saved session holds. Never the provider's key: only its name and model. */
export interface SessionSnapshot {
  provider: string;
  model: string | undefined;
  systemPrompt: string | undefined;
  summary: string | undefined;
  messages: Message[];
}

const format = 'abstractcore-session';
const version = 1;

// Bytes in image parts become base64 in the file and bytes again on load; URLs become strings.
function encodePart(part: ContentPart): unknown {
  if (part.type !== 'image') return part;
  if (part.image instanceof Uint8Array)
    return { ...part, image: { base64: Buffer.from(part.image).toString('base64') } };
  if (part.image instanceof URL) return { ...part, image: part.image.href };
  return part;
}

function decodePart(part: unknown): ContentPart {
  const record = part as ContentPart & { image?: unknown };
  if (
    record.type === 'image' &&
    typeof record.image === 'object' &&
    record.image !== null &&
    'base64' in record.image
  ) {
    return {
      ...record,
      image: new Uint8Array(Buffer.from(String((record.image as { base64: unknown }).base64), 'base64')),
    };
  }
  return record;
}

function encodeMessage(message: Message): unknown {
  return message.role === 'user' && typeof message.content !== 'string'
    ? { ...message, content: message.content.map(encodePart) }
    : message;
}

function decodeMessage(message: unknown, index: number, path: string): Message {
  const record = message as Message | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    !['system', 'user', 'assistant', 'tool'].includes(record.role)
  ) {
    throw new TypeError(`${path}: messages[${index}] is not a message`);
  }
  return record.role === 'user' && Array.isArray(record.content)
    ? { ...record, content: record.content.map(decodePart) }
    : record;
}

/**
 * Writes the snapshot atomically: a temporary file in the same folder, flushed to disk, then renamed over
 * the target, so a process killed mid-save leaves the old file or the new one, never half of either.
 * Registered secrets are redacted from the text, whatever the messages contain.
 */
export async function writeSessionFile(path: string, snapshot: SessionSnapshot): Promise<void> {
  const text = redactSecrets(
    JSON.stringify(
      {
        format,
        version,
        savedAt: new Date().toISOString(),
        ...snapshot,
        messages: snapshot.messages.map(encodeMessage),
      },
      null,
      2,
    ),
  );
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${text}\n`, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Reads a saved session; throws a TypeError naming the file when it is not one, or of a newer version. */
export async function readSessionFile(path: string): Promise<SessionSnapshot> {
  const text = await readFile(path, 'utf8');
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(`${path} is not a saved session: ${(error as Error).message}`);
  }
  if (data.format !== format)
    throw new TypeError(`${path} is not a saved session (format ${String(data.format)})`);
  if (data.version !== version) {
    throw new TypeError(
      `${path} was saved as session version ${String(data.version)}; this version reads ${version}`,
    );
  }
  if (!Array.isArray(data.messages)) throw new TypeError(`${path}: messages is missing`);
  return {
    provider: String(data.provider),
    model: typeof data.model === 'string' ? data.model : undefined,
    systemPrompt: typeof data.systemPrompt === 'string' ? data.systemPrompt : undefined,
    summary: typeof data.summary === 'string' ? data.summary : undefined,
    messages: data.messages.map((message, index) => decodeMessage(message, index, path)),
  };
}
