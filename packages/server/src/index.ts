export type { ServerOptions } from './create-server.js';
export { createServer } from './create-server.js';
export type { ErrorReply } from './error-handler.js';
export { toErrorReply } from './error-handler.js';
export type { ClientKey } from './plugins/auth.js';
export type { CorsOption } from './plugins/cors.js';
export type { ErrorBody } from './schemas/error.js';
export type { ResponseLogEntry, RunningServer, ServeOptions } from './serve.js';
export { serve } from './serve.js';
