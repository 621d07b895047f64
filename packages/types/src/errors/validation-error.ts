import { redactSecrets } from '../redact-secrets.js';
import { AbstractCoreError, type AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';

const marker = Symbol.for('abstractcore.error.ValidationError');

/** One reason the model's output did not match the schema. */
export interface ValidationIssue {
  path: Array<string | number>;
  message: string;
}

export interface ValidationErrorOptions extends AbstractCoreErrorOptions {
  /** The model's last raw text, so nothing it said is lost. */
  rawText: string;
  issues: ValidationIssue[];
  /** How many replies were tried, the first one included. */
  attempts: number;
}

/** Structured output never validated against the `responseModel` after the allowed re-prompts. */
export class ValidationError extends AbstractCoreError {
  readonly [marker] = true;
  readonly rawText: string;
  readonly issues: ValidationIssue[];
  readonly attempts: number;

  constructor(options: ValidationErrorOptions) {
    super({ ...options, retryable: false });
    this.name = 'ValidationError';
    this.rawText = redactSecrets(options.rawText);
    this.issues = options.issues;
    this.attempts = options.attempts;
  }

  static override isInstance(value: unknown): value is ValidationError {
    return hasMarker(value, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), rawText: this.rawText, issues: this.issues, attempts: this.attempts };
  }
}
