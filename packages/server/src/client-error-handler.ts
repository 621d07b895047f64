import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError } from 'fastify';
import { toErrorReply } from './error-handler.js';
import { RequestError } from './request-error.js';

// Node's parser (llhttp) says why a request is not HTTP in `reason`; its `message` prefixes "Parse Error: ".
function describe(error: ConnectionError): string {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason !== '' ? reason : error.message;
}

/**
 * The error a connection-level failure is answered with: a request that did not arrive within
 * `requestTimeout` (408), headers over Node's `maxHeaderSize` (431), or bytes Node's HTTP parser refuses
 * (400: a bad `Content-Length`, a bad chunk size, a malformed request line).
 */
function toClientError(error: ConnectionError): RequestError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new RequestError({
        status: 408,
        message: 'The request did not arrive in time; the connection is closed',
        code: 'request_timeout',
      });
    case 'HPE_HEADER_OVERFLOW':
      return new RequestError({
        status: 431,
        message: 'The request headers are larger than this server accepts',
        code: 'request_header_fields_too_large',
      });
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new RequestError({
        status: 400,
        message: `The Content-Length header is not valid: ${describe(error)}`,
        code: 'invalid_content_length',
      });
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return new RequestError({
        status: 400,
        message: `The chunked body is not valid: ${describe(error)}`,
        code: 'invalid_transfer_encoding',
      });
    default:
      return new RequestError({
        status: 400,
        message: `The request is not valid HTTP: ${describe(error)}`,
        code: 'malformed_request',
      });
  }
}

/**
 * Fastify's `clientErrorHandler`: answers what Node's HTTP layer refuses in OpenAI's error shape, like every
 * other error of this server, then closes the connection (its byte stream can no longer be trusted).
 */
export function handleClientError(error: ConnectionError, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = toErrorReply(toClientError(error));
  const text = JSON.stringify(body);
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  };
  // A request whose headers were read (a body that trickles in past `requestTimeout`) has a response waiting;
  // answering through it lets hooks and the access log see the 408. Node's own handler reads the same field.
  const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (response !== undefined && response !== null) {
    // Bytes of an answer already went out (another status line would corrupt it), or the attached response
    // belongs to an earlier, complete request and the fault is a pipelined one behind it: only close.
    if (response.headersSent || response.req.complete) {
      socket.destroy();
      return;
    }
    response.writeHead(status, headers);
    response.end(text, () => socket.destroy());
    return;
  }
  if (socket.writable) {
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    socket.write(`${head}\r\n${text}`);
  }
  socket.destroy();
}
