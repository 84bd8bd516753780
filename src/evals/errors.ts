// The errors of the eval helpers (`ft.evals.compare`, `compareJob`). The main entry exports them,
// so they load at start: they carry fields only, and compare.ts (loaded on first use) writes their
// messages.
import type { EvalRun } from '../../generated/types.gen.ts';
import { FineTuningError } from '../errors.ts';
import { guardFor } from '../errors/base.ts';

/** A data row breaks the eval's item schema; thrown before any request is sent. */
export class EvalDataError extends FineTuningError {
  static override readonly kind: string = 'EvalDataError';
  /** The row's index in the data (0-based). */
  readonly row: number;
  constructor(row: number, message: string) {
    super(message);
    this.row = row;
  }
}

/** A run of the comparison ended `failed` or `canceled`; `run` is the run as last seen. */
export class EvalRunFailedError extends FineTuningError {
  static override readonly kind: string = 'EvalRunFailedError';
  /** The run as last seen: `run.model`, `run.status` (`failed` or `canceled`), `run.error`. */
  readonly run: EvalRun;
  constructor(run: EvalRun, message: string) {
    super(message);
    this.run = run;
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is an EvalDataError (from any copy of the package); `instanceof` works as well. */
export const isEvalDataError = /* @__PURE__ */ guardFor<EvalDataError>('EvalDataError');
/** Whether `value` is an EvalRunFailedError (from any copy of the package); `instanceof` works as well. */
export const isEvalRunFailedError =
  /* @__PURE__ */ guardFor<EvalRunFailedError>('EvalRunFailedError');
