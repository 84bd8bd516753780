// The legacy /fine-tunes operations (openapi/legacy-fine-tunes.yaml), on the same state as the
// modern ones: the same files, the same clock.
import type { CreateFineTuneRequest } from '../../../generated/legacy/types.gen.ts';
import { invalid, notFound } from '../errors.ts';
import { followEvents, resumeAfter } from '../event-stream.ts';
import { LEGACY_MODELS, LegacySimulation } from '../legacy-simulation.ts';
import type { Handler, HandlerContext } from './types.ts';
import { checkTrainingFile } from './training-file.ts';

function existing(ctx: HandlerContext): LegacySimulation {
  const id = ctx.path.fine_tune_id!;
  const job = ctx.state.legacyJob(id);
  if (!job) throw notFound('fine-tune', id, 'fine_tune_id');
  return job;
}

export const createFineTune: Handler = (ctx) => {
  const body = ctx.body as CreateFineTuneRequest;
  const model = body.model ?? 'curie';
  // A legacy fine-tuned model (`curie:ft-…`) can be tuned again only if this server made it.
  const made = ctx.state.legacyJobs.some((j) => j.job.fine_tuned_model === model);
  if (!LEGACY_MODELS.includes(model) && !made) {
    throw invalid(
      `Model ${model} is not available for legacy fine-tuning. The local server accepts ${LEGACY_MODELS.join(', ')} and the legacy fine-tuned models it has trained.`,
      'model',
      'model_not_available',
    );
  }
  // The legacy API (no recording) keeps its `invalid_file` code.
  checkTrainingFile(ctx, body.training_file, 'training_file', 'invalid_file');
  if (body.validation_file)
    checkTrainingFile(ctx, body.validation_file, 'validation_file', 'invalid_file');
  const job = new LegacySimulation(ctx.state.simulation, body, model, ctx.state.clock.now());
  ctx.state.addLegacyJob(job);
  return { json: job.job };
};

export const listFineTunes: Handler = (ctx) => {
  ctx.state.catchUp();
  // The legacy API listed every fine-tune, oldest first, without pagination or events.
  return {
    json: {
      object: 'list',
      data: ctx.state.legacyJobs.map(({ job: { events: _events, ...job } }) => job),
    },
  };
};

export const retrieveFineTune: Handler = (ctx) => ({ json: existing(ctx).job });

export const cancelFineTune: Handler = (ctx) => {
  const job = existing(ctx);
  job.cancel(ctx.state.clock.now());
  return { json: job.job };
};

export const listFineTuneEvents: Handler = (ctx) => {
  const job = existing(ctx);
  if (ctx.query.stream !== true) return { json: { object: 'list', data: [...job.events] } };
  const from = resumeAfter(ctx.headers['last-event-id'], job);
  return {
    stream: {
      contentType: 'text/event-stream',
      chunks: (signal) => followEvents(ctx.state, job, from, ctx.keepAliveMs, signal),
    },
  };
};
