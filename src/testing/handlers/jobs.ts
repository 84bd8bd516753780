// The /fine_tuning/jobs operations.
import type { CreateFineTuningJobRequest, FineTuningJob } from '../../../generated/types.gen.ts';
import { HttpError, invalid } from '../errors.ts';
import { checkJobLimits } from '../job-limits.ts';
import { JobSimulation } from '../job-simulation.ts';
import { FINE_TUNABLE, methodsOf, modelsFor, resolveModel } from '../models.ts';
import { checkMetadata } from '../rules.ts';
import type { MethodType } from '../training-data.ts';
import { paginate } from '../paginate.ts';
import type { Handler, HandlerContext } from './types.ts';
import { checkTrainingFile } from './training-file.ts';

function simulation(ctx: HandlerContext): JobSimulation {
  const id = ctx.path.fine_tuning_job_id!;
  const job = ctx.state.job(id);
  // The API's words for an unknown job, for retrieve, cancel and events alike (recorded).
  if (!job)
    throw new HttpError(404, `Could not find fine tune: ${id}`, {
      param: 'fine_tune_id',
      code: 'fine_tune_not_found',
    });
  return job;
}

export const createFineTuningJob: Handler = async (ctx) => {
  const body = ctx.body as CreateFineTuningJobRequest;
  const model = resolveModel(body.model);
  // A fine-tuned model can be tuned further only if it exists, i.e. this server made it. The API's
  // words for a model it does not know or cannot tune.
  if (!model || (model.startsWith('ft:') && !ctx.state.hasCheckpoint(model))) {
    throw invalid(
      `Model ${body.model} is not available for fine-tuning or does not exist. The local server accepts ${FINE_TUNABLE.join(', ')} and the ft: models it has trained.`,
      null,
      'model_not_available',
    );
  }
  // Which models take which method: the fine-tuning, DPO and reinforcement fine-tuning guides (models.ts).
  const method = (body.method?.type ?? 'supervised') as MethodType;
  if (!methodsOf(model).includes(method)) {
    throw invalid(
      `Model ${body.model} does not support the '${method}' fine-tuning method. Models that do: ${modelsFor(method).join(', ')}.`,
      'model',
      'model_not_available',
    );
  }
  checkMetadata(body.metadata);
  checkHyperparameterKeys(body);
  checkJobLimits(ctx.state, model);
  checkTrainingFile(ctx, body.training_file, 'training_file');
  if (body.validation_file) checkTrainingFile(ctx, body.validation_file, 'validation_file');
  const tokensPerEpoch = await countTokens(ctx, body.training_file, method, model);
  const job = new JobSimulation(ctx.state.simulation, body, model, ctx.state.clock.now());
  job.tokensPerEpoch = tokensPerEpoch;
  ctx.state.addJob(job);
  return { json: job.job };
};

/** The hyperparameters each method takes (the spec's FineTune*Hyperparameters). */
const HYPERPARAMETERS: Record<string, readonly string[]> = {
  supervised: ['batch_size', 'learning_rate_multiplier', 'n_epochs'],
  dpo: ['batch_size', 'beta', 'learning_rate_multiplier', 'n_epochs'],
  reinforcement: [
    'batch_size',
    'compute_multiplier',
    'eval_interval',
    'eval_samples',
    'learning_rate_multiplier',
    'n_epochs',
    'reasoning_effort',
  ],
};

/**
 * An unknown hyperparameter key is refused as the API refuses it (`nepochs`, recorded):
 * "invalid nepochs: 2, extra inputs are not permitted", with the key as `param`.
 */
function checkHyperparameterKeys(body: CreateFineTuningJobRequest): void {
  const method = body.method as
    | (Record<string, { hyperparameters?: Record<string, unknown> } | string | undefined> & {
        type?: string;
      })
    | undefined;
  const type = method?.type ?? 'supervised';
  const inner = method?.[type];
  const sets: Array<[Record<string, unknown> | undefined, readonly string[]]> = [
    [body.hyperparameters as Record<string, unknown> | undefined, HYPERPARAMETERS.supervised!],
    [
      typeof inner === 'object' ? inner.hyperparameters : undefined,
      HYPERPARAMETERS[type] ?? HYPERPARAMETERS.supervised!,
    ],
  ];
  for (const [given, known] of sets) {
    for (const [key, value] of Object.entries(given ?? {})) {
      if (!known.includes(key))
        throw invalid(
          `invalid ${key}: ${JSON.stringify(value)}, extra inputs are not permitted. Known hyperparameters: ${known.join(', ')}.`,
          key,
        );
    }
  }
}

/**
 * The training file's tokens per epoch as the training-data validator counts them (loaded on the
 * first job), so a job's `trained_tokens` is the validator's billing estimate; undefined when the
 * validator cannot count them (the job then fails validation, or counts characters / 4).
 */
async function countTokens(
  ctx: HandlerContext,
  fileId: string,
  method: MethodType,
  model: string,
): Promise<number | undefined> {
  // A file's content never changes: count it once per method and model.
  let counts = COUNTS.get(ctx.state);
  if (!counts) COUNTS.set(ctx.state, (counts = new Map()));
  const key = `${fileId}\n${method}\n${model}`;
  if (!counts.has(key)) counts.set(key, await count(ctx, fileId, method, model));
  return counts.get(key);
}

const COUNTS = new WeakMap<object, Map<string, number | undefined>>();

async function count(
  ctx: HandlerContext,
  fileId: string,
  method: MethodType,
  model: string,
): Promise<number | undefined> {
  const content = ctx.state.files.content(fileId);
  if (!content) return undefined;
  try {
    // Without the SDK's span: the server's work is not the client's (src/telemetry/).
    const { validateUntraced } = await import('../../training-data/shared.ts');
    const base = model.startsWith('ft:') ? model.split(':')[1]! : model;
    const report = await validateUntraced(new Blob([content as Uint8Array<ArrayBuffer>]), {
      method: method === 'dpo' ? 'preference' : method,
      model: base,
    });
    return report.billing?.tokensPerEpoch;
  } catch {
    return undefined;
  }
}

export const retrieveFineTuningJob: Handler = (ctx) => ({ json: simulation(ctx).job });

export const cancelFineTuningJob: Handler = (ctx) => {
  const job = simulation(ctx);
  job.cancel(ctx.state.clock.now());
  return { json: job.job };
};

export const pauseFineTuningJob: Handler = (ctx) => {
  const job = simulation(ctx);
  job.pause(ctx.state.clock.now());
  return { json: job.job };
};

export const resumeFineTuningJob: Handler = (ctx) => {
  const job = simulation(ctx);
  job.resume(ctx.state.clock.now());
  return { json: job.job };
};

function matchesMetadata(
  job: FineTuningJob,
  filter: Record<string, string> | null | undefined,
): boolean {
  if (filter === undefined) return true;
  const metadata = job.metadata ?? null;
  if (filter === null) return metadata === null || Object.keys(metadata).length === 0;
  return Object.entries(filter).every(([k, v]) => metadata?.[k] === v);
}

export const listPaginatedFineTuningJobs: Handler = (ctx) => {
  const query = ctx.query as {
    after?: string;
    limit?: number;
    metadata?: Record<string, string> | null;
  };
  ctx.state.catchUp();
  const jobs = ctx.state.jobs
    .map((j) => j.job)
    .filter((j) => matchesMetadata(j, query.metadata))
    .reverse();
  const page = paginate(jobs, query, { limit: 20, maxLimit: 100 });
  return { json: { object: 'list', ...page } };
};

export const listFineTuningEvents: Handler = (ctx) => {
  const events = [...simulation(ctx).events].reverse();
  const page = paginate(events, ctx.query as { after?: string; limit?: number }, {
    limit: 20,
    maxLimit: 100,
  });
  return { json: { object: 'list', ...page } };
};

export const listFineTuningJobCheckpoints: Handler = (ctx) => {
  const checkpoints = [...simulation(ctx).checkpoints].reverse();
  const page = paginate(checkpoints, ctx.query as { after?: string; limit?: number }, {
    limit: 10,
    maxLimit: 100,
  });
  return {
    json: {
      object: 'list',
      data: page.data,
      first_id: page.data[0]?.id ?? null,
      last_id: page.data.at(-1)?.id ?? null,
      has_more: page.has_more,
    },
  };
};
