import { FineTuningError } from '../errors.ts';
import { guardFor } from '../errors/base.ts';

/**
 * The training data could not be read at all (the stream failed, the file could not be opened).
 * Bad content never throws: it is reported in the validation report.
 */
export class UnreadableTrainingDataError extends FineTuningError {
  static override readonly kind: string = 'UnreadableTrainingDataError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is an UnreadableTrainingDataError (from any copy of the package); `instanceof` works as well. */
export const isUnreadableTrainingDataError = /* @__PURE__ */ guardFor<UnreadableTrainingDataError>(
  'UnreadableTrainingDataError',
);
