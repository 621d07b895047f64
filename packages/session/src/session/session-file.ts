import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type ContentPart, type Message, redactSecrets, SessionFileError } from '@core/types';
import { describeMessageProblem, findMessageProblem } from '../pipeline/find-message-problem.js';

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
  const record = message as { role?: unknown; content?: unknown } | null;
  const decoded =
    record?.role === 'user' && Array.isArray(record.content)
      ? { ...record, content: record.content.map(decodePart) }
      : message;
  const problem = findMessageProblem(decoded);
  if (problem !== undefined) {
    const entry = describeMessageProblem('messages', index, problem);
    throw new SessionFileError({
      message: `${path} holds a message that is not valid: ${entry}`,
      path,
      entry: entry.slice(0, entry.indexOf(' ')),
    });
  }
  return decoded as Message;
}

// Saves to one file, from any sessions of this process, run one after another: each then renames a whole
// file of its own over the target, so the file is always the last save's, never a mix or a missing temp.
const savesInProgress = new Map<string, Promise<void>>();

/**
 * Writes the snapshot atomically: a temporary file in the same folder, flushed to disk, then renamed over
 * the target, so a process killed mid-save leaves the old file or the new one, never half of either.
 * Registered secrets are redacted from the text, whatever the messages contain.
 */
export async function writeSessionFile(path: string, snapshot: SessionSnapshot): Promise<void> {
  const key = resolve(path);
  const previous = savesInProgress.get(key);
  const current = (previous === undefined ? Promise.resolve() : previous.catch(() => {})).then(() =>
    writeNow(path, snapshot),
  );
  savesInProgress.set(key, current);
  try {
    await current;
  } finally {
    if (savesInProgress.get(key) === current) savesInProgress.delete(key);
  }
}

async function writeNow(path: string, snapshot: SessionSnapshot): Promise<void> {
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
  // Unique per save, so two processes saving to one path at once each write their own temporary file.
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
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

/**
 * Reads a saved session. Throws a `SessionFileError` naming the file when it is not a saved session, was
 * saved by a newer version, or holds an entry that is not valid (naming the entry); reading errors (ENOENT)
 * pass through.
 */
export async function readSessionFile(path: string): Promise<SessionSnapshot> {
  const text = await readFile(path, 'utf8');
  const refuse = (message: string, entry?: string, cause?: unknown): SessionFileError =>
    new SessionFileError({
      message,
      path,
      ...(entry === undefined ? {} : { entry }),
      ...(cause === undefined ? {} : { cause }),
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw refuse(`${path} is not a saved session: ${(error as Error).message}`, undefined, error);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw refuse(`${path} is not a saved session (it is not a JSON object)`);
  const record = data as Record<string, unknown>;
  if (record.format !== format)
    throw refuse(`${path} is not a saved session (format ${String(record.format)})`, 'format');
  if (record.version !== version) {
    throw refuse(
      `${path} was saved as session version ${String(record.version)}; this version reads ${version}`,
      'version',
    );
  }
  if (!Array.isArray(record.messages)) throw refuse(`${path}: messages is missing`, 'messages');
  for (const key of ['model', 'systemPrompt', 'summary'] as const) {
    const value = record[key];
    if (value !== undefined && value !== null && typeof value !== 'string')
      throw refuse(`${path} is not a valid session: ${key} must be a string`, key);
  }
  return {
    provider: String(record.provider),
    model: typeof record.model === 'string' ? record.model : undefined,
    systemPrompt: typeof record.systemPrompt === 'string' ? record.systemPrompt : undefined,
    summary: typeof record.summary === 'string' ? record.summary : undefined,
    messages: record.messages.map((message, index) => decodeMessage(message, index, path)),
  };
}
