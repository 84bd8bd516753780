// The error of the `openai-fine-tuning/node` entry (see src/errors.ts for how errors are added).
import { FineTuningError, guardFor } from '../errors/base.ts';
import type { TrainingDataReport } from '../training-data/index.ts';

/** The file has errors, so it was not uploaded (an Upload begun for it was cancelled). `report` lists them. */
export class InvalidTrainingDataError extends FineTuningError {
  static override readonly kind: string = 'InvalidTrainingDataError';
  constructor(
    readonly path: string,
    readonly report: TrainingDataReport,
  ) {
    const first = report.errors[0];
    const total = Object.values(report.counts.errors).reduce((a, b) => a + (b ?? 0), 0);
    super(
      `${path} was not uploaded: it has ${total} error${total === 1 ? '' : 's'}` +
        (first
          ? `; first at ${first.line === null ? 'file level' : `line ${first.line}`} ${first.path}: ${first.message} ${first.fix}`
          : '.') +
        ' See error.report for all of them.',
    );
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is an InvalidTrainingDataError (from any copy of the package); `instanceof` works as well. */
export const isInvalidTrainingDataError = /* @__PURE__ */ guardFor<InvalidTrainingDataError>(
  'InvalidTrainingDataError',
);
