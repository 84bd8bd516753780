import { FineTuningError } from '../errors.ts';

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
