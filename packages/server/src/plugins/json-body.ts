import type { FastifyPluginAsync } from 'fastify';
import { exceedsJsonDepth } from '../find-json-depth.js';
import { RequestError } from '../request-error.js';
import { shareWithParent } from './share-with-parent.js';

/** Options of the JSON body plugin. */
export interface JsonBodyPluginOptions {
  /** The deepest nesting of arrays and objects a body may have; the body itself is level 1. */
  maxDepth: number;
}

/**
 * Replaces Fastify's `application/json` parser with one that refuses a body nested deeper than `maxDepth`
 * (a 400 in OpenAI's shape, `code: 'json_too_deep'`) before parsing it, then parses with Fastify's own parser,
 * which keeps its errors (400 `invalid_json`) and its `__proto__` / `constructor` poisoning checks.
 */
export const jsonBodyPlugin: FastifyPluginAsync<JsonBodyPluginOptions> = shareWithParent(
  async (app, { maxDepth }) => {
    // `error` for both is Fastify's default: a poisoned body is refused, not cleaned.
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body as string;
      if (exceedsJsonDepth(text, maxDepth)) {
        done(
          new RequestError({
            status: 400,
            message: `The JSON body nests arrays and objects more than ${maxDepth} levels deep`,
            code: 'json_too_deep',
          }),
          undefined,
        );
        return;
      }
      parse(request, text, done);
    });
  },
);
