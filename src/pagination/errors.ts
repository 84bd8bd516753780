import { AbortError, FineTuningError } from '../errors.ts';
import { guardFor } from '../errors/base.ts';

/**
 * A list could not be followed to its next page: the server said there is more but gave no cursor,
 * or handed back a cursor it had already given (which would otherwise loop forever).
 */
export class PaginationError extends FineTuningError {
  static override readonly kind: string = 'PaginationError';
  /** The list operation, e.g. `jobs.listEvents`. */
  readonly operation: string;
  /** The cursor at fault, when there was one. */
  readonly cursor: string | undefined;
  constructor(operation: string, cursor: string | undefined, message: string) {
    super(message);
    this.operation = operation;
    this.cursor = cursor;
  }
}

/**
 * The error an aborted list gives, as every other call does: an AbortError (the signal's reason as
 * its `cause`), not the bare DOMException that `signal.throwIfAborted()` throws.
 */
export function listAborted(operation: string, error: unknown, signal: AbortSignal): unknown {
  if (error instanceof FineTuningError) return error;
  return new AbortError(
    'GET',
    operation,
    signal.reason,
    `${operation} was aborted by the caller's signal.`,
  );
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is a PaginationError (from any copy of the package); `instanceof` works as well. */
export const isPaginationError = /* @__PURE__ */ guardFor<PaginationError>('PaginationError');
