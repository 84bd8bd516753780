// The report's typed error: a bad option, a job list that names nothing, or an eval comparison
// that does not have the expected shape. The message says what was wrong and what to do.
import { FineTuningError } from '../errors.ts';
import { guardFor } from '../errors/base.ts';

/** A report option or input cannot be used as given; nothing was fetched or written. */
export class ReportInputError extends FineTuningError {
  static override readonly kind: string = 'ReportInputError';
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is a ReportInputError (from any copy of the package); `instanceof` works as well. */
export const isReportInputError = /* @__PURE__ */ guardFor<ReportInputError>('ReportInputError');
