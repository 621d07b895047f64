import { AbstractCoreError } from '@core/types';

const marker = Symbol.for('abstractcore.error.DocumentReadError');

/** Why a document could not be read. */
export type DocumentReadErrorCode = 'unsupported-type' | 'unreadable' | 'no-text';

/** Options of `DocumentReadError`. */
export interface DocumentReadErrorOptions {
  message: string;
  /** The file's path as the caller gave it. */
  path: string;
  code: DocumentReadErrorCode;
  cause?: unknown;
}

/**
 * A file `readDocument` cannot turn into text: an unsupported type, a file that cannot be read or
 * decoded (missing, a directory, not UTF-8, a corrupt PDF), or one with no text in it. The message names the file.
 */
export class DocumentReadError extends AbstractCoreError {
  readonly [marker] = true;
  readonly path: string;
  declare readonly code: DocumentReadErrorCode;

  constructor(options: DocumentReadErrorOptions) {
    super({ message: options.message, code: options.code, retryable: false, cause: options.cause });
    this.name = 'DocumentReadError';
    this.path = options.path;
  }

  /** True for a `DocumentReadError` from any copy of this package. */
  static override isInstance(value: unknown): value is DocumentReadError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path };
  }
}
