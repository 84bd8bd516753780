// `openai-ft jobs …`: create, list, get, cancel, pause, resume, events, checkpoints, follow.
import type { Command } from 'commander';
import type { FineTuningJob } from '../../../generated/types.gen.ts';
import { details, table } from '../format/table.ts';
import { stamp } from '../format/time.ts';
import { keyValue, method, positiveInt, seconds } from '../parse.ts';
import { AzureFineTuning, withoutMarker } from '../sdk/client.ts';
import { UsageError } from '../errors.ts';
import type { Act } from './act.ts';
import { watchCommand } from './watch.ts';

// What only `create` and `follow` need (the validator and the upload, the live view) is loaded
// when they run, not for `jobs list`.
const followCommand = async (...args: Parameters<typeof import('./follow.ts').followCommand>) =>
  (await import('./follow.ts')).followCommand(...args);
const requestBody = async (...args: Parameters<typeof import('./job-request.ts').requestBody>) =>
  (await import('./job-request.ts')).requestBody(...args);

const loss = (x: unknown) => (typeof x === 'number' ? x.toFixed(4) : '');

export const jobDetails = (j: FineTuningJob) =>
  details([
    ['id', j.id],
    ['status', j.status],
    ['model', j.model],
    ['fine-tuned model', j.fine_tuned_model],
    ['method', j.method?.type],
    ['training file', j.training_file],
    ['validation file', j.validation_file],
    ['created', stamp(j.created_at)],
    ['finished', stamp(j.finished_at)],
    ['estimated finish', stamp(j.estimated_finish)],
    ['trained tokens', j.trained_tokens == null ? undefined : String(j.trained_tokens)],
    [
      'metadata',
      j.metadata && Object.keys(j.metadata).length
        ? Object.entries(j.metadata)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : undefined,
    ],
    [
      'error',
      j.error?.message
        ? `${j.error.message}${j.error.code ? ` [${j.error.code}]` : ''}`
        : undefined,
    ],
  ]);

const jobColumns = [
  { header: 'id', value: (j: FineTuningJob) => j.id },
  { header: 'status', value: (j: FineTuningJob) => j.status },
  { header: 'model', value: (j: FineTuningJob) => j.model },
  { header: 'fine-tuned model', value: (j: FineTuningJob) => j.fine_tuned_model ?? '' },
  { header: 'created', value: (j: FineTuningJob) => stamp(j.created_at) },
];

export function jobsCommand(program: Command, act: Act): void {
  const jobs = program.command('jobs').description('create, inspect and control fine-tuning jobs');

  jobs
    .command('create')
    .description('create a fine-tuning job (a training file path is validated and uploaded first)')
    .requiredOption('--model <model>', 'base model, e.g. gpt-4o-mini-2024-07-18')
    .requiredOption('--training-file <id|path>', 'file id (file-…) or path of a .jsonl file')
    .option('--validation-file <id|path>', 'file id or path of a .jsonl file')
    .option('--suffix <suffix>', 'up to 64 characters added to the fine-tuned model name')
    .option(
      '--method <method>',
      'fine-tuning method: supervised, dpo or reinforcement',
      method('--method'),
      'supervised',
    )
    .option(
      '--hyperparameter <k=v>',
      'repeatable: n_epochs=3, batch_size=auto, learning_rate_multiplier=0.1, beta=0.1, …',
      keyValue('--hyperparameter'),
    )
    .option('--metadata <k=v>', 'repeatable: metadata to attach to the job', keyValue('--metadata'))
    .option('--grader <file>', 'reinforcement: a JSON file with the grader')
    .option('--seed <n>', 'seed for reproducible training', positiveInt('--seed'))
    .option('--no-validate', 'upload local files without validating them first')
    .option('--follow', 'follow the job once created (as `jobs follow`)')
    .option(
      '--interval <seconds>',
      'with --follow: seconds between polls',
      seconds('--interval'),
      5,
    )
    .action(
      act(async (ctx, _args, o) => {
        const job = withoutMarker(await ctx.client().jobs.create(await requestBody(ctx, o)));
        if (o.follow) {
          if (!ctx.g.json && !ctx.g.quiet) ctx.out(`Created ${job.id}.`);
          await followCommand(ctx, job.id, o.interval);
          return;
        }
        ctx.result(job, () => jobDetails(job), job.id);
        ctx.note(`Follow it with: openai-ft jobs follow ${job.id}`);
      }),
    );

  jobs
    .command('list')
    .description('list fine-tuning jobs, newest first')
    .option('--limit <n>', 'most jobs shown', positiveInt('--limit'), 20)
    .option('--status <status>', 'only jobs with this status (running, succeeded, failed, …)')
    .option('--metadata <k=v>', 'repeatable: only jobs with this metadata', keyValue('--metadata'))
    .action(
      act(async (ctx, _args, o) => {
        const ft = ctx.client();
        const status = o.status as string | undefined;
        // The API filters by metadata only; the status filter is applied here, reading pages as needed.
        const pageSize = status ? 100 : Math.min(100, o.limit);
        const items: FineTuningJob[] = [];
        const listed = ft.jobs.list({
          limit: pageSize,
          ...(o.metadata ? { metadata: o.metadata } : {}),
        });
        for await (const job of listed) {
          if (status && job.status !== status) continue;
          if (items.push(job) >= o.limit) break;
        }
        ctx.list(
          items.map(withoutMarker),
          (j) => j.id,
          () => (items.length === 0 ? 'No jobs.' : table(items, jobColumns)),
        );
      }),
    );

  jobs
    .command('get')
    .description('show one job')
    .argument('<id>', 'job id (ftjob-…)')
    .action(
      act(async (ctx, [id]) => {
        const job = withoutMarker(await ctx.client().jobs.retrieve(id!));
        ctx.result(job, () => jobDetails(job), job.id);
      }),
    );

  for (const [verb, past, what] of [
    ['cancel', 'Cancelled', 'cancel a job'],
    ['pause', 'Paused', 'pause a running job'],
    ['resume', 'Resumed', 'resume a paused job'],
  ] as const) {
    jobs
      .command(verb)
      .description(what)
      .argument('<id>', 'job id (ftjob-…)')
      .action(
        act(async (ctx, [id]) => {
          const job = withoutMarker(await ctx.client().jobs[verb](id!));
          ctx.result(job, () => `${past} ${job.id}: status ${job.status}.`, job.id);
        }),
      );
  }

  jobs
    .command('delete')
    .description('delete a finished job (Azure OpenAI only: --azure)')
    .argument('<id>', 'job id (ftjob-…)')
    .action(
      act(async (ctx, [id]) => {
        const ft = ctx.client();
        if (!(ft instanceof AzureFineTuning))
          throw new UsageError(
            'deleting a job is an Azure OpenAI operation: pass --azure (the OpenAI API has no job deletion).',
            'jobs delete',
          );
        const result = await ft.jobs.delete(id!);
        ctx.result(result, () => `Deleted ${result.id}.`, result.id);
      }),
    );

  jobs
    .command('events')
    .description("list a job's events, oldest first")
    .argument('<id>', 'job id (ftjob-…)')
    .option('--limit <n>', 'most recent events shown', positiveInt('--limit'), 50)
    .action(
      act(async (ctx, [id], o) => {
        const ft = ctx.client();
        const newestFirst = await ft.jobs
          .listEvents(id!, { limit: Math.min(100, o.limit) })
          .toArray({ max: o.limit });
        const items = newestFirst.reverse();
        ctx.list(
          items,
          (e) => e.id,
          () =>
            items.length === 0
              ? 'No events.'
              : table(items, [
                  { header: 'created', value: (e) => stamp(e.created_at) },
                  { header: 'level', value: (e) => e.level },
                  { header: 'message', value: (e) => e.message },
                ]),
        );
      }),
    );

  jobs
    .command('checkpoints')
    .description("list a job's checkpoints (use the checkpoint model name as a model)")
    .argument('<id>', 'job id (ftjob-…)')
    .option('--limit <n>', 'most checkpoints shown', positiveInt('--limit'), 10)
    .action(
      act(async (ctx, [id], o) => {
        const ft = ctx.client();
        const items = await ft.jobs
          .listCheckpoints(id!, { limit: Math.min(100, o.limit) })
          .toArray({ max: o.limit });
        ctx.list(
          items,
          (c) => c.fine_tuned_model_checkpoint,
          () =>
            items.length === 0
              ? 'No checkpoints yet.'
              : table(items, [
                  { header: 'step', value: (c) => String(c.step_number), right: true },
                  { header: 'train loss', value: (c) => loss(c.metrics?.train_loss), right: true },
                  { header: 'valid loss', value: (c) => loss(c.metrics?.valid_loss), right: true },
                  {
                    header: 'full valid loss',
                    value: (c) => loss(c.metrics?.full_valid_loss),
                    right: true,
                  },
                  { header: 'checkpoint model', value: (c) => c.fine_tuned_model_checkpoint },
                  { header: 'id', value: (c) => c.id },
                ]),
        );
      }),
    );

  jobs
    .command('follow')
    .description(
      'watch a job: status, progress bar, latest loss and a loss chart (Ctrl-C stops watching, not the job)',
    )
    .argument('<id>', 'job id (ftjob-…)')
    .option('--interval <seconds>', 'seconds between polls', seconds('--interval'), 5)
    .action(
      act(async (ctx, [id], o) => {
        await followCommand(ctx, id!, o.interval);
      }),
    );

  watchCommand(jobs, act);
}
