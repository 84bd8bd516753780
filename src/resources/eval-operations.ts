// The generated functions of the Evals API (generated/evals/), for ./evals.ts: both load on first
// use of `ft.evals`, so a service that never evaluates does not load them.
import * as generated from '../../generated/evals/sdk.gen.ts';

/** The Evals API's generated functions by operation id (every function generated/evals/ has). */
export const EVAL_OPERATIONS = generated;

/** The operation id of one of the functions above. */
export type EvalOperation = keyof typeof EVAL_OPERATIONS;
