// `openai-ft permissions grant|list|revoke CHECKPOINT …`: who may use a fine-tuned checkpoint.
// These calls need the admin key (--admin-key or OPENAI_ADMIN_KEY).
import type { Command } from 'commander';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { table } from '../format/table.ts';
import { stamp } from '../format/time.ts';
import type { Act } from './act.ts';

type Permission = { id: string; project_id: string; created_at: number };

const permissionTable = (items: Permission[]) =>
  items.length === 0
    ? 'No permissions.'
    : table(items, [
        { header: 'id', value: (p) => p.id },
        { header: 'project', value: (p) => p.project_id },
        { header: 'created', value: (p) => stamp(p.created_at) },
      ]);

/** How many of the newest jobs a `ftckpt_` id is looked for in, when no --job is given. */
const JOBS_SEARCHED = 50;

const CHECKPOINT_ARG =
  'the checkpoint: its model name (ft:…:ckpt-step-N) or its id (ftckpt_…), both from `openai-ft jobs checkpoints JOB`';

/**
 * The checkpoint model name the permissions endpoints take. A `ftckpt_` id (the last column of
 * `jobs checkpoints`) is looked up among the checkpoints of `--job`, or of the newest jobs.
 */
async function checkpointName(ctx: Context, given: string, job?: string): Promise<string> {
  if (!given.startsWith('ftckpt_')) return given;
  const ft = ctx.client();
  const jobs = job
    ? [job]
    : (await ft.jobs.list({ limit: JOBS_SEARCHED }).toArray({ max: JOBS_SEARCHED })).map(
        (j) => j.id,
      );
  for (const id of jobs) {
    for await (const c of ft.jobs.listCheckpoints(id, { limit: 100 }))
      if (c.id === given) return c.fine_tuned_model_checkpoint;
  }
  throw new UsageError(
    `no checkpoint ${given} ${job ? `in job ${job}` : `among the checkpoints of the ${JOBS_SEARCHED} newest jobs`}. ` +
      'Pass its model name (ft:…:ckpt-step-N) or --job with the job it belongs to; `openai-ft jobs checkpoints JOB` lists both.',
  );
}

export function permissionsCommand(program: Command, act: Act): void {
  const permissions = program
    .command('permissions')
    .description('share fine-tuned checkpoints with projects (needs the admin key)');

  permissions
    .command('grant')
    .description('let projects use a checkpoint')
    .argument('<checkpoint>', CHECKPOINT_ARG)
    .argument('<project-ids...>', 'one or more project ids (proj_…)')
    .option('--job <id>', 'the job a ftckpt_ id belongs to (else the newest jobs are searched)')
    .action(
      act(async (ctx, [checkpoint, ...projects], o) => {
        const ft = ctx.client('admin');
        const name = await checkpointName(ctx, checkpoint!, o.job);
        const page = await ft.checkpoints.permissions.create(name, {
          project_ids: projects as string[],
        });
        ctx.list(
          page.data,
          (p) => p.id,
          () => permissionTable(page.data),
        );
      }),
    );

  permissions
    .command('list')
    .description("list a checkpoint's permissions")
    .argument('<checkpoint>', CHECKPOINT_ARG)
    .option('--project-id <id>', 'only this project')
    .option('--job <id>', 'the job a ftckpt_ id belongs to (else the newest jobs are searched)')
    .action(
      act(async (ctx, [checkpoint], o) => {
        const ft = ctx.client('admin');
        const name = await checkpointName(ctx, checkpoint!, o.job);
        const page = await ft.checkpoints.permissions.list(name, {
          ...(o.projectId ? { project_id: o.projectId } : {}),
          limit: 100,
        });
        ctx.list(
          page.data,
          (p) => p.id,
          () => permissionTable(page.data),
        );
      }),
    );

  permissions
    .command('revoke')
    .description('remove one permission')
    .argument('<checkpoint>', CHECKPOINT_ARG)
    .argument('<permission-id>', 'permission id (cp_…), from `permissions list`')
    .option('--job <id>', 'the job a ftckpt_ id belongs to (else the newest jobs are searched)')
    .action(
      act(async (ctx, [checkpoint, id], o) => {
        const ft = ctx.client('admin');
        const name = await checkpointName(ctx, checkpoint!, o.job);
        const result = await ft.checkpoints.permissions.delete(name, id!);
        ctx.result(result, () => `Revoked ${result.id}.`);
      }),
    );
}
