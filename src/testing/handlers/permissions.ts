// The checkpoint-permission operations (admin key; checked by the router).
import type { FineTuningCheckpointPermission } from '../../../generated/types.gen.ts';
import { invalid, notFound } from '../errors.ts';
import { paginate } from '../paginate.ts';
import type { Handler, HandlerContext } from './types.ts';

function checkpoint(ctx: HandlerContext): string {
  const name = ctx.path.fine_tuned_model_checkpoint!;
  if (!ctx.state.hasCheckpoint(name))
    throw notFound('fine-tuned model checkpoint', name, 'fine_tuned_model_checkpoint');
  return name;
}

const list = (data: FineTuningCheckpointPermission[], hasMore: boolean) => ({
  object: 'list',
  data,
  first_id: data[0]?.id ?? null,
  last_id: data.at(-1)?.id ?? null,
  has_more: hasMore,
});

export const createFineTuningCheckpointPermission: Handler = (ctx) => {
  const name = checkpoint(ctx);
  const { project_ids } = ctx.body as { project_ids: string[] };
  if (project_ids.length === 0)
    throw invalid('project_ids must name at least one project.', 'project_ids', 'invalid_value');
  // The API reference documents no format for a project id, so none is checked. A permission is
  // "share with this project": granting a project that already has one answers that permission
  // rather than making a second (the API does not document duplicates; see docs/local-server.md).
  const existing = ctx.state.permissions.get(name) ?? [];
  const createdAt = Math.floor(ctx.state.clock.now() / 1000);
  const added: FineTuningCheckpointPermission[] = [];
  const answered: FineTuningCheckpointPermission[] = [];
  for (const project_id of new Set(project_ids)) {
    const had = existing.find((p) => p.project_id === project_id);
    if (had) {
      answered.push(had);
      continue;
    }
    const permission = {
      object: 'checkpoint.permission' as const,
      id: ctx.state.ids.id('cp_'),
      created_at: createdAt,
      project_id,
    };
    added.push(permission);
    answered.push(permission);
  }
  if (added.length) ctx.state.permissions.set(name, [...existing, ...added]);
  return { json: list(answered, false) };
};

export const listFineTuningCheckpointPermissions: Handler = (ctx) => {
  const name = checkpoint(ctx);
  const query = ctx.query as {
    project_id?: string;
    after?: string;
    limit?: number;
    order?: 'ascending' | 'descending';
  };
  let items = [...(ctx.state.permissions.get(name) ?? [])];
  if (query.project_id) items = items.filter((p) => p.project_id === query.project_id);
  if ((query.order ?? 'descending') === 'descending') items.reverse();
  const page = paginate(items, query, { limit: 10, maxLimit: 100 });
  return { json: list(page.data, page.has_more) };
};

export const deleteFineTuningCheckpointPermission: Handler = (ctx) => {
  const name = checkpoint(ctx);
  const id = ctx.path.permission_id!;
  const items = ctx.state.permissions.get(name) ?? [];
  if (!items.some((p) => p.id === id)) throw notFound('checkpoint permission', id, 'permission_id');
  ctx.state.permissions.set(
    name,
    items.filter((p) => p.id !== id),
  );
  return { json: { object: 'checkpoint.permission', id, deleted: true } };
};
