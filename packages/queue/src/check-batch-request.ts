import type { BatchRequest } from './batch-types.js';

/**
 * Checks one request before it is queued, so a bad one fails the submit at once rather than a worker later:
 * a prompt string or a messages array (not both), an id that is a string or a number, options an object.
 * Throws a TypeError naming the request's position.
 */
export function checkBatchRequest(request: unknown, index: number): BatchRequest {
  const fail = (reason: string): never => {
    throw new TypeError(`requests[${index}]: ${reason}`);
  };
  if (request === null || typeof request !== 'object' || Array.isArray(request)) fail('must be an object');
  const { id, prompt, messages, options } = request as Record<string, unknown>;
  if (id !== undefined && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    fail('id must be a string or a number');
  }
  if (prompt !== undefined && typeof prompt !== 'string') fail('prompt must be a string');
  if (messages !== undefined && !Array.isArray(messages)) fail('messages must be an array of messages');
  if ((prompt === undefined) === (messages === undefined)) fail('needs a prompt or messages (one of them)');
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    fail('options must be an object');
  }
  return request as BatchRequest;
}
