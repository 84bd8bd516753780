// The report's typed error: a bad option, a job list that names nothing, or an eval comparison
// that does not have the expected shape. The message says what was wrong and what to do.
import { FineTuningError } from '../errors.ts';

/** A report option or input cannot be used as given; nothing was fetched or written. */
export class ReportInputError extends FineTuningError {
  static override readonly kind: string = 'ReportInputError';
}
