// What `Schemas` holds (src/index.ts): every type generated from the spec. The Evals operations
// are generated apart (generated/evals/); their schema types (Eval, EvalRun, EvalRunOutputItem, …)
// are the ones of generated/types.gen.ts, and their operations' parameter types come from here.
export type * from '../../generated/types.gen.ts';
export type {
  CancelEvalRunData,
  CreateEvalData,
  CreateEvalRunData,
  DeleteEvalData,
  DeleteEvalResponse,
  DeleteEvalRunData,
  DeleteEvalRunResponse,
  GetEvalData,
  GetEvalRunData,
  GetEvalRunOutputItemData,
  GetEvalRunOutputItemsData,
  GetEvalRunsData,
  ListEvalsData,
  UpdateEvalData,
} from '../../generated/evals/types.gen.ts';
