// `openai-ft permissions grant|list|revoke CHECKPOINT …`: who may use a fine-tuned checkpoint.
// These calls need the admin key (--admin-key or OPENAI_ADMIN_KEY).
import type { Command } from 'commander';
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

export function permissionsCommand(program: Command, act: Act): void {
  const permissions = program
    .command('permissions')
    .description('share fine-tuned checkpoints with projects (needs the admin key)');

  permissions
    .command('grant')
    .description('let projects use a checkpoint')
    .argument('<checkpoint>', 'checkpoint model name (ft:…:ckpt-step-…)')
    .argument('<project-ids...>', 'one or more project ids (proj_…)')
    .action(
      act(async (ctx, [checkpoint, ...projects]) => {
        const page = await ctx
          .client('admin')
          .checkpoints.permissions.create(checkpoint!, { project_ids: projects as string[] });
        if (ctx.g.json) ctx.json(page.data);
        else if (ctx.g.quiet) for (const p of page.data) ctx.out(p.id);
        else ctx.out(permissionTable(page.data));
      }),
    );

  permissions
    .command('list')
    .description("list a checkpoint's permissions")
    .argument('<checkpoint>', 'checkpoint model name')
    .option('--project-id <id>', 'only this project')
    .action(
      act(async (ctx, [checkpoint], o) => {
        const page = await ctx.client('admin').checkpoints.permissions.list(checkpoint!, {
          ...(o.projectId ? { project_id: o.projectId } : {}),
          limit: 100,
        });
        if (ctx.g.json) ctx.json(page.data);
        else if (ctx.g.quiet) for (const p of page.data) ctx.out(p.id);
        else ctx.out(permissionTable(page.data));
      }),
    );

  permissions
    .command('revoke')
    .description('remove one permission')
    .argument('<checkpoint>', 'checkpoint model name')
    .argument('<permission-id>', 'permission id (cp_…), from `permissions list`')
    .action(
      act(async (ctx, [checkpoint, id]) => {
        const result = await ctx.client('admin').checkpoints.permissions.delete(checkpoint!, id!);
        ctx.result(result, () => `Revoked ${result.id}.`);
      }),
    );
}
