// The /fine_tuning/alpha/graders operations. The request validator has already checked the
// grader's shape against the spec, which is what `validate` answers for.
import type { RunGraderRequest, ValidateGraderRequest } from '../../../generated/types.gen.ts';
import { runGrader as run } from '../graders/run.ts';
import type { Handler } from './types.ts';

export const validateGrader: Handler = (ctx) => ({
  json: { grader: (ctx.body as ValidateGraderRequest).grader },
});

export const runGrader: Handler = (ctx) => ({ json: run(ctx.body as RunGraderRequest) });
