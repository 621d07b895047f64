import { createHash } from 'node:crypto';

/** The three model-list bodies, serialised once when the server starts (the list never changes). */
export interface ModelLists {
  openai: string;
  anthropic: string;
  ollama: string;
}

// A fixed date so listings are deterministic across runs.
const createdSeconds = 1_735_689_600;
const createdIso = '2025-01-01T00:00:00Z';

/** Renders `GET /v1/models` (OpenAI and Anthropic shapes) and `GET /api/tags` for the given model ids. */
export function renderModelLists(models: readonly string[]): ModelLists {
  const openai = JSON.stringify({
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created: createdSeconds, owned_by: 'mock-llm' })),
  });
  const anthropic = JSON.stringify({
    data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: createdIso })),
    has_more: false,
    first_id: models[0] ?? null,
    last_id: models[models.length - 1] ?? null,
  });
  const ollama = JSON.stringify({
    models: models.map((name) => ({
      name,
      model: name,
      modified_at: createdIso,
      size: 1_000_000,
      digest: createHash('sha256').update(name).digest('hex'),
      details: {
        parent_model: '',
        format: 'gguf',
        family: 'mock',
        families: ['mock'],
        parameter_size: '1M',
        quantization_level: 'Q4_K_M',
      },
    })),
  });
  return { openai, anthropic, ollama };
}
