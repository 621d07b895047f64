import { z } from 'zod';

/** What the model answers for one summary request, as validated by the pipeline's `responseModel`. */
export interface SummaryAnswer {
  summary: string;
  keyPoints: string[];
  confidence: number;
}

function buildSummarySchema() {
  // An empty summary or no key points fails validation, so the pipeline re-prompts instead of the
  // caller silently receiving nothing; word counts are ours, so the model is not asked for them.
  return z.object({
    summary: z.string().trim().min(1).describe('The summary text, in the requested style and length.'),
    keyPoints: z
      .array(z.string().trim().min(1))
      .min(1)
      .describe('The most important points of the text, one short sentence each.'),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'How sure you are that the summary is faithful and complete, from 0 (not at all) to 1 (fully).',
      ),
  });
}

let summarySchemaCache: ReturnType<typeof buildSummarySchema> | undefined;

/** The zod schema of a summary answer, built on first use (nothing is built at import time). */
export function summarySchema(): ReturnType<typeof buildSummarySchema> {
  summarySchemaCache ??= buildSummarySchema();
  return summarySchemaCache;
}

let schemaTextCache: string | undefined;

/**
 * The schema as the JSON text a provider sees (in the prompt, or as its native response format), so it is
 * counted against the context window either way.
 */
export function summarySchemaText(): string {
  schemaTextCache ??= JSON.stringify(z.toJSONSchema(summarySchema()));
  return schemaTextCache;
}
