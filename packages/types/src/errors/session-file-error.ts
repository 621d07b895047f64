import { AbstractCoreError } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';

const marker = Symbol.for('abstractcore.error.SessionFileError');

/** What `SessionFileError` is built from. */
export interface SessionFileErrorOptions {
  message: string;
  /** The file that could not be loaded. */
  path: string;
  /** Where in the file the problem is (`messages[3].content`), when it is one entry. */
  entry?: string;
  cause?: unknown;
}

/** A saved session that cannot be loaded: not a session file, a newer version, or an entry that is not valid. */
export class SessionFileError extends AbstractCoreError {
  readonly [marker] = true;
  readonly path: string;
  readonly entry: string | undefined;

  constructor(options: SessionFileErrorOptions) {
    super({ message: options.message, code: 'invalid_session_file', cause: options.cause });
    this.name = 'SessionFileError';
    this.path = options.path;
    this.entry = options.entry;
  }

  static override isInstance(value: unknown): value is SessionFileError {
    return hasMarker(value, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path, entry: this.entry };
  }
}
