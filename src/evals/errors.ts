// The errors of the eval helpers (`ft.evals.compare`, `compareJob`).
import type { EvalRun } from '../../generated/types.gen.ts';
import { FineTuningError } from '../errors.ts';

/** A data row breaks the eval's item schema; thrown before any run is started. */
export class EvalDataError extends FineTuningError {
  static override readonly kind: string = 'EvalDataError';
  /** The row's index in the data (0-based). */
  readonly row: number;
  constructor(row: number, problem: string) {
    super(
      `Row ${row} of the eval data ${problem}. Fix the row (or the itemSchema) and call again; no run was started.`,
    );
    this.row = row;
  }
}

/** A run of the comparison ended `failed` or `canceled`; `run` is the run as last seen. */
export class EvalRunFailedError extends FineTuningError {
  static override readonly kind: string = 'EvalRunFailedError';
  readonly run: EvalRun;
  /** The model the run sampled. */
  readonly model: string;
  /** `failed` or `canceled`. */
  readonly status: string;
  /** The run's error code, when the API gave one. */
  readonly code: string | undefined;
  constructor(run: EvalRun) {
    const reason = run.error?.message ? `: ${run.error.message} (code ${run.error.code})` : '';
    super(
      run.status === 'canceled'
        ? `Eval run ${run.id} (model ${run.model}) was canceled before it finished${reason}. Start the comparison again.`
        : `Eval run ${run.id} (model ${run.model}) failed${reason || ' without an error message'}. Check the model name and the data, then start the comparison again.`,
    );
    this.run = run;
    this.model = run.model;
    this.status = run.status;
    this.code = run.error?.code || undefined;
  }
}
