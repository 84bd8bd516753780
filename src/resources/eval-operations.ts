// The generated functions of the Evals API (generated/evals/), for ./evals.ts: both load on first
// use of `ft.evals`, so a service that never evaluates does not load them.
import {
  cancelEvalRun,
  createEval,
  createEvalRun,
  deleteEval,
  deleteEvalRun,
  getEval,
  getEvalRun,
  getEvalRunOutputItem,
  getEvalRunOutputItems,
  getEvalRuns,
  listEvals,
  updateEval,
} from '../../generated/evals/sdk.gen.ts';

/** The Evals API's generated functions by operation id. */
export const EVAL_OPERATIONS = {
  cancelEvalRun,
  createEval,
  createEvalRun,
  deleteEval,
  deleteEvalRun,
  getEval,
  getEvalRun,
  getEvalRunOutputItem,
  getEvalRunOutputItems,
  getEvalRuns,
  listEvals,
  updateEval,
};

/** The operation id of one of the functions above. */
export type EvalOperation = keyof typeof EVAL_OPERATIONS;
