import { readFixtureText } from '@tooling/fixtures';

// Plain readers of recorded files, written apart from the decoders in @core/http, so expectations in
// tests come from the bytes themselves and not from the code under test.

/** The JSON payloads of a vercel-ai `*.chunks.txt` file, one per line. */
export async function readChunkPayloads(relativePath: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFixtureText(relativePath);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `data:` payloads of a raw SSE file that are JSON (comments, `[DONE]` and `event:` lines left out). */
export async function readSsePayloads(relativePath: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFixtureText(relativePath);
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .filter((data) => data !== '[DONE]' && data !== '')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
}

/** The objects of an NDJSON file, one per line. */
export async function readNdjsonPayloads(relativePath: string): Promise<Array<Record<string, unknown>>> {
  return readChunkPayloads(relativePath);
}
