import { FineTuningError } from '../errors.ts';

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
