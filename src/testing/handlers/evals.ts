// The /evals operations: evals, their runs and the runs' output items (see ../evals.ts for how a
// run is decided and revealed on the server clock).
// Long because the three levels of the Evals API (evals, runs, output items) are one route table
// over one state.
import type {
  CreateEvalRequest,
  CreateEvalRunRequest,
  Eval,
  EvalRun,
} from '../../../generated/types.gen.ts';
import { invalid, notFound } from '../errors.ts';
import {
  EVAL_TIMING,
  evalsOf,
  NO_ERROR,
  outputItem,
  type RunRecord,
  renderMessages,
  summarise,
} from '../evals.ts';
import { paginate } from '../paginate.ts';
import { checkMetadata } from '../rules.ts';
import type { Handler, HandlerContext } from './types.ts';

type Query = { after?: string; limit?: number; order?: 'asc' | 'desc'; status?: string };

function evalOf(ctx: HandlerContext): Eval {
  const id = ctx.path.eval_id!;
  const found = evalsOf(ctx.state).evals.get(id);
  if (!found) throw notFound('eval', id, 'eval_id');
  return found;
}

function runOf(ctx: HandlerContext): RunRecord {
  const evaluation = evalOf(ctx);
  const id = ctx.path.run_id!;
  const record = evalsOf(ctx.state).runs.get(id);
  if (!record || record.run.eval_id !== evaluation.id) throw notFound('eval run', id, 'run_id');
  return record;
}

/** A page in `order` (oldest first for `asc`, the default), with the list fields the spec gives. */
function listOf<T extends { id: string }>(items: T[], query: Query) {
  const ordered = query.order === 'desc' ? [...items].reverse() : items;
  const page = paginate(ordered, query, { limit: 20, maxLimit: 100 });
  return {
    object: 'list',
    data: page.data,
    first_id: page.data[0]?.id ?? '',
    last_id: page.data.at(-1)?.id ?? '',
    has_more: page.has_more,
  };
}

export const createEval: Handler = (ctx) => {
  const body = ctx.body as CreateEvalRequest;
  checkMetadata(body.metadata);
  const config = body.data_source_config as { type: string; item_schema?: object };
  if (config.type !== 'custom') {
    throw invalid(
      `The local server runs evals on a 'custom' data source (your own items); '${config.type}' needs the real API.`,
      'data_source_config.type',
      'invalid_value',
    );
  }
  const store = evalsOf(ctx.state);
  const created: Eval = {
    object: 'eval',
    id: ctx.state.ids.id('eval_', 32),
    name: body.name ?? 'eval',
    data_source_config: {
      type: 'custom',
      schema: {
        type: 'object',
        properties: { item: config.item_schema ?? {}, sample: { type: 'object' } },
        required: ['item'],
      },
    },
    testing_criteria: body.testing_criteria as Eval['testing_criteria'],
    created_at: Math.floor(ctx.state.clock.now() / 1000),
    metadata: body.metadata ?? null,
  } as Eval;
  store.evals.set(created.id, created);
  // 201, as the spec gives for this operation and for createEvalRun.
  return { status: 201, json: created };
};

export const getEval: Handler = (ctx) => ({ json: evalOf(ctx) });

export const updateEval: Handler = (ctx) => {
  const body = ctx.body as { name?: string; metadata?: Record<string, string> };
  checkMetadata(body.metadata);
  const updated = {
    ...evalOf(ctx),
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
  } as Eval;
  evalsOf(ctx.state).evals.set(updated.id, updated);
  return { json: updated };
};

export const deleteEval: Handler = (ctx) => {
  const evaluation = evalOf(ctx);
  const store = evalsOf(ctx.state);
  for (const [id, record] of [...store.runs.entries()]) {
    if (record.run.eval_id === evaluation.id) store.runs.delete(id);
  }
  store.evals.delete(evaluation.id);
  return { json: { object: 'eval.deleted', deleted: true, eval_id: evaluation.id } };
};

export const listEvals: Handler = (ctx) => ({
  json: listOf([...evalsOf(ctx.state).evals.values()], ctx.query as Query),
});

/** The rows of a run's data source: inline content, or a JSONL file of `{ "item": … }` lines. */
function rowsOf(ctx: HandlerContext, source: { type: string; id?: string; content?: unknown }) {
  if (source.type === 'file_content') return (source.content ?? []) as Array<{ item?: unknown }>;
  if (source.type === 'file_id') {
    const content = ctx.state.files.content(source.id!);
    if (!content) throw notFound('file', source.id!, 'data_source.source.id');
    return new TextDecoder()
      .decode(content)
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i) => {
        try {
          return JSON.parse(line) as { item?: unknown };
        } catch {
          throw invalid(
            `Line ${i + 1} of file ${source.id} is not JSON: each line must be {"item": {...}}.`,
            'data_source.source.id',
            'invalid_file',
          );
        }
      });
  }
  throw invalid(
    `The local server reads items from 'file_content' or 'file_id' sources, not '${source.type}'.`,
    'data_source.source.type',
    'invalid_value',
  );
}

/** Checks a row against the eval's item schema: an object with its required keys and simple types. */
function checkRow(row: { item?: unknown }, index: number, schema: Record<string, unknown>) {
  const item = row.item;
  const where = `data_source.source.content[${index}].item`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw invalid(`Row ${index} has no 'item' object.`, where, 'invalid_value');
  }
  const record = item as Record<string, unknown>;
  for (const key of (schema.required as string[] | undefined) ?? []) {
    if (!(key in record)) {
      throw invalid(
        `Row ${index}: item lacks '${key}', which the eval's item_schema requires.`,
        where,
        'invalid_value',
      );
    }
  }
  const properties = (schema.properties ?? {}) as Record<string, { type?: string }>;
  for (const [key, { type }] of Object.entries(properties)) {
    if (!(key in record) || type === undefined) continue;
    const actual = Array.isArray(record[key]) ? 'array' : typeof record[key];
    const ok = type === 'integer' ? Number.isInteger(record[key]) : actual === type;
    if (!ok) {
      throw invalid(
        `Row ${index}: item.${key} is ${actual}, the item_schema says ${type}.`,
        where,
        'invalid_value',
      );
    }
  }
  return record;
}

export const createEvalRun: Handler = (ctx) => {
  const evaluation = evalOf(ctx);
  const body = ctx.body as CreateEvalRunRequest;
  checkMetadata(body.metadata);
  const source = body.data_source as {
    type: string;
    model?: string;
    source: { type: string; id?: string; content?: unknown };
    input_messages?: {
      type: string;
      template?: Array<{ role?: string; content?: unknown }>;
      item_reference?: string;
    };
  };
  if (source.type !== 'completions' || !source.model) {
    throw invalid(
      "The local server runs 'completions' data sources with a model: { type: 'completions', model, input_messages, source }.",
      'data_source',
      'invalid_value',
    );
  }
  const schema = ((evaluation.data_source_config as { schema?: { properties?: { item?: object } } })
    .schema?.properties?.item ?? {}) as Record<string, unknown>;
  const rows = rowsOf(ctx, source.source).map((row, i) => checkRow(row, i, schema));
  const input = source.input_messages;
  const template = input?.template ?? [{ role: 'user', content: '{{item.input}}' }];
  // `item_reference: 'item.messages'`: each item carries its own chat messages.
  const messagesOf = (item: Record<string, unknown>) =>
    input?.type === 'item_reference'
      ? referenced(item, input.item_reference ?? '')
      : renderMessages(template, item);
  const store = evalsOf(ctx.state);
  const now = ctx.state.clock.now();
  const createdAt = Math.floor(now / 1000);
  const id = ctx.state.ids.id('evalrun_', 32);
  const criteria = evaluation.testing_criteria as unknown as Array<Record<string, unknown>>;
  const run: EvalRun = {
    object: 'eval.run',
    id,
    eval_id: evaluation.id,
    status: 'queued',
    model: source.model,
    name: body.name ?? source.model,
    created_at: createdAt,
    report_url: `https://platform.openai.com/evaluations/${evaluation.id}?run_id=${id}`,
    result_counts: { total: 0, errored: 0, failed: 0, passed: 0 },
    per_model_usage: [],
    per_testing_criteria_results: criteria.map((c) => ({
      testing_criteria: String(c.name),
      passed: 0,
      failed: 0,
    })),
    data_source: body.data_source,
    metadata: body.metadata ?? null,
    error: NO_ERROR,
  } as EvalRun;
  const sampler = store.sampler(source.model);
  const startAt = now + EVAL_TIMING.queuedMs;
  if (!sampler) {
    // As the API does: the run is accepted, then fails without sampling anything.
    const failed: RunRecord = {
      run: {
        ...run,
        error: {
          code: 'model_not_found',
          message: `The model '${source.model}' does not exist or you do not have access to it.`,
        },
      },
      items: [],
      startAt,
      doneAt: startAt,
      outcome: 'failed',
    };
    store.runs.set(id, failed);
    return { status: 201, json: store.view(failed, now) };
  }
  const items = rows.map((item, index) =>
    outputItem(
      { id: ctx.state.ids.id('outputitem_', 32), run, createdAt, index },
      item,
      messagesOf(item),
      sampler,
      criteria,
    ),
  );
  const record: RunRecord = {
    run: { ...run, ...summarise(run, items) },
    items,
    startAt,
    doneAt: startAt + items.length * EVAL_TIMING.itemMs,
    outcome: 'completed',
  };
  store.runs.set(id, record);
  return { status: 201, json: store.view(record, now) };
};

/** The messages at `item.<path>` of an item, as role and text. */
function referenced(item: Record<string, unknown>, reference: string) {
  let value: unknown = { item };
  for (const key of reference.split('.'))
    value = (value as Record<string, unknown> | undefined)?.[key];
  if (!Array.isArray(value)) {
    throw invalid(
      `input_messages.item_reference '${reference}' does not name an array of messages in the item.`,
      'data_source.input_messages.item_reference',
      'invalid_value',
    );
  }
  return value.map((m: { role?: string; content?: unknown }) => ({
    role: m.role ?? 'user',
    content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
  }));
}

export const getEvalRun: Handler = (ctx) => {
  ctx.state.catchUp();
  return { json: evalsOf(ctx.state).view(runOf(ctx)) };
};

export const cancelEvalRun: Handler = (ctx) => {
  ctx.state.catchUp();
  const record = runOf(ctx);
  const store = evalsOf(ctx.state);
  const now = ctx.state.clock.now();
  const status = store.view(record, now).status;
  if (status === 'queued' || status === 'in_progress') {
    record.canceledAt = now;
    store.runs.set(record.run.id, record);
    ctx.state.catchUp();
  }
  return { json: store.view(record, now) };
};

export const deleteEvalRun: Handler = (ctx) => {
  const record = runOf(ctx);
  evalsOf(ctx.state).runs.delete(record.run.id);
  return { json: { object: 'eval.run.deleted', deleted: true, run_id: record.run.id } };
};

export const getEvalRuns: Handler = (ctx) => {
  ctx.state.catchUp();
  const evaluation = evalOf(ctx);
  const store = evalsOf(ctx.state);
  const query = ctx.query as Query;
  const runs = [...store.runs.values()]
    .filter((r) => r.run.eval_id === evaluation.id)
    .map((r) => store.view(r))
    .filter((r) => query.status === undefined || r.status === query.status);
  return { json: listOf(runs, query) };
};

export const getEvalRunOutputItems: Handler = (ctx) => {
  const record = runOf(ctx);
  const query = ctx.query as Query;
  const items = evalsOf(ctx.state)
    .itemsAt(record)
    .filter((i) => query.status === undefined || i.status === query.status);
  return { json: listOf(items, query) };
};

export const getEvalRunOutputItem: Handler = (ctx) => {
  const record = runOf(ctx);
  const id = ctx.path.output_item_id!;
  const found = evalsOf(ctx.state)
    .itemsAt(record)
    .find((i) => i.id === id);
  if (!found) throw notFound('output item', id, 'output_item_id');
  return { json: found };
};
