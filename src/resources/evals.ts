// `ft.evals`: the Evals API (an eval, its runs, their output items). This module and the generated
// functions it calls load on first use: the client carries only a stand-in
// (./evals-stand-in.ts) that forwards each call here, so a service that never evaluates loads none
// of it.
import type {
  CreateEvalRequest,
  CreateEvalRunRequest,
  DeleteEvalResponse,
  DeleteEvalRunResponse,
  Eval,
  EvalList,
  EvalRun,
  EvalRunList,
  EvalRunOutputItem,
  EvalRunOutputItemList,
  GetEvalRunOutputItemsData,
  GetEvalRunsData,
  ListEvalsData,
  UpdateEvalData,
} from '../../generated/evals/types.gen.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import type { ListBody } from '../pagination/cursor.ts';
import { listPages } from '../pagination/list.ts';
import type { PagePromise } from '../pagination/page-promise.ts';
import type { RequestClient } from '../transport/transport.ts';
import type { CompareJobOptions, CompareOptions, EvalComparison } from '../evals/compare.ts';
import { EVAL_OPERATIONS, type EvalOperation } from './eval-operations.ts';

/** Query of `evals.list`: `after`, `limit`, `order` (`asc`, `desc`) and `order_by`. */
export type ListEvalsParams = NonNullable<ListEvalsData['query']>;
/** Query of `evals.runs.list`: `after`, `limit`, `order` and `status`. */
export type ListEvalRunsParams = NonNullable<GetEvalRunsData['query']>;
/** Query of `evals.runs.outputItems.list`: `after`, `limit`, `order` and `status` (`pass`, `fail`). */
export type ListOutputItemsParams = NonNullable<GetEvalRunOutputItemsData['query']>;
/** Body of `evals.update`: `name` and `metadata`. */
export type UpdateEvalParams = UpdateEvalData['body'];

/** Calls the generated function `operation` through the facade's client. */
function send<T>(
  client: RequestClient,
  operation: EvalOperation,
  params: object,
  options: RequestOptions | undefined,
): ApiPromise<T> {
  return call<object, T>(client, EVAL_OPERATIONS[operation] as never, params, options);
}

function list<T extends ListBody>(
  client: RequestClient,
  name: string,
  operation: EvalOperation,
  path: object,
  query: object | undefined,
  options: RequestOptions | undefined,
): PagePromise<T> {
  return listPages(name, query as { after?: string } | undefined, options, (q) =>
    send<T>(client, operation, { path, query: q }, options),
  );
}

/**
 * The output items of a run: one per data row, with the sample the model gave and each grader's
 * result.
 * @example
 * for await (const item of ft.evals.runs.outputItems.list(evalId, runId)) console.log(item.status);
 */
export class EvalOutputItems {
  readonly #client: RequestClient;
  constructor(client: RequestClient) {
    this.#client = client;
  }

  /** Lists a run's output items. Await it for one page, or `for await` over it for every item. */
  list(
    evalId: string,
    runId: string,
    params?: ListOutputItemsParams,
    options?: RequestOptions,
  ): PagePromise<EvalRunOutputItemList> {
    const path = { eval_id: evalId, run_id: runId };
    return list(
      this.#client,
      'evals.runs.outputItems.list',
      'getEvalRunOutputItems',
      path,
      params,
      options,
    );
  }

  /** Gets one output item. */
  retrieve(
    evalId: string,
    runId: string,
    outputItemId: string,
    options?: RequestOptions,
  ): ApiPromise<EvalRunOutputItem> {
    const path = { eval_id: evalId, run_id: runId, output_item_id: outputItemId };
    return send(this.#client, 'getEvalRunOutputItem', { path }, options);
  }
}

/**
 * The runs of an eval: one model (or one data source) graded on the eval's data.
 * @example
 * const run = await ft.evals.runs.create(evalId, { name: 'base', data_source: { type: 'completions', model: 'gpt-4o-mini', source: { type: 'file_id', id: fileId } } });
 * const same = await ft.evals.runs.retrieve(evalId, run.id);
 */
export class EvalRuns {
  readonly #client: RequestClient;
  /** The output items of a run. */
  readonly outputItems: EvalOutputItems;
  constructor(client: RequestClient) {
    this.#client = client;
    this.outputItems = new EvalOutputItems(client);
  }

  /** Starts a run of an eval. */
  create(
    evalId: string,
    body: CreateEvalRunRequest,
    options?: RequestOptions,
  ): ApiPromise<EvalRun> {
    return send(this.#client, 'createEvalRun', { path: { eval_id: evalId }, body }, options);
  }

  /** Gets a run by id. */
  retrieve(evalId: string, runId: string, options?: RequestOptions): ApiPromise<EvalRun> {
    return send(this.#client, 'getEvalRun', { path: { eval_id: evalId, run_id: runId } }, options);
  }

  /** Lists an eval's runs. Await it for one page, or `for await` over it for every run. */
  list(
    evalId: string,
    params?: ListEvalRunsParams,
    options?: RequestOptions,
  ): PagePromise<EvalRunList> {
    return list(
      this.#client,
      'evals.runs.list',
      'getEvalRuns',
      { eval_id: evalId },
      params,
      options,
    );
  }

  /** Cancels a run that has not ended. */
  cancel(evalId: string, runId: string, options?: RequestOptions): ApiPromise<EvalRun> {
    return send(
      this.#client,
      'cancelEvalRun',
      { path: { eval_id: evalId, run_id: runId } },
      options,
    );
  }

  /** Deletes a run. */
  delete(
    evalId: string,
    runId: string,
    options?: RequestOptions,
  ): ApiPromise<DeleteEvalRunResponse> {
    return send(
      this.#client,
      'deleteEvalRun',
      { path: { eval_id: evalId, run_id: runId } },
      options,
    );
  }
}

/**
 * Evals: an item schema and testing criteria (graders), run on one model per run.
 * @example
 * const ev = await ft.evals.create({
 *   name: 'capitals',
 *   data_source_config: { type: 'custom', item_schema: { type: 'object', properties: { q: { type: 'string' }, a: { type: 'string' } } }, include_sample_schema: true },
 *   testing_criteria: [{ type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.a}}', operation: 'eq' }],
 * });
 * for await (const e of ft.evals.list({ order: 'desc' })) console.log(e.id, e.name);
 */
export class Evals {
  readonly #client: RequestClient;
  /** Runs of an eval and their output items. */
  readonly runs: EvalRuns;
  constructor(client: RequestClient) {
    this.#client = client;
    this.runs = new EvalRuns(client);
  }

  /** Creates an eval. */
  create(body: CreateEvalRequest, options?: RequestOptions): ApiPromise<Eval> {
    return send(this.#client, 'createEval', { body }, options);
  }

  /** Gets an eval by id. */
  retrieve(evalId: string, options?: RequestOptions): ApiPromise<Eval> {
    return send(this.#client, 'getEval', { path: { eval_id: evalId } }, options);
  }

  /** Renames an eval or replaces its metadata. */
  update(evalId: string, body: UpdateEvalParams, options?: RequestOptions): ApiPromise<Eval> {
    return send(this.#client, 'updateEval', { path: { eval_id: evalId }, body }, options);
  }

  /** Lists the project's evals. Await it for one page, or `for await` over it for every eval. */
  list(params?: ListEvalsParams, options?: RequestOptions): PagePromise<EvalList> {
    return list(this.#client, 'evals.list', 'listEvals', {}, params, options);
  }

  /** Deletes an eval and its runs. */
  delete(evalId: string, options?: RequestOptions): ApiPromise<DeleteEvalResponse> {
    return send(this.#client, 'deleteEval', { path: { eval_id: evalId } }, options);
  }

  /**
   * Is the fine-tuned model better than its base, item by item? Creates an eval (an item schema
   * and the criteria), one run per model, waits for them, and resolves with each model's pass rate
   * and mean score per criterion, errored counts, token usage, report URLs, which models passed
   * each item, and the `best` by score. Rows that break the item schema reject with
   * `EvalDataError` before any run; a failed or canceled run with `EvalRunFailedError`; aborting
   * `signal` cancels the runs it started.
   * @example
   * const result = await ft.evals.compare({
   *   data: [{ question: 'Capital of France?', answer: 'Paris' }],
   *   prompt: '{{item.question}}',
   *   criteria: [{ type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' }],
   *   models: ['gpt-4o-mini-2024-07-18', 'ft:gpt-4o-mini-2024-07-18:org::abc123'],
   * });
   * console.log(result.best, result.models.map((m) => [m.model, m.criteria[0]?.passRate]));
   */
  compare(options: CompareOptions): Promise<EvalComparison> {
    return import('../evals/compare.ts').then((m) => m.compare(this.#client, this, options));
  }

  /**
   * `compare` for a succeeded job: its base model, its checkpoints (oldest first) and its final
   * model, with `best` named by eval score rather than by loss.
   */
  compareJob(jobId: string, options: CompareJobOptions): Promise<EvalComparison> {
    return import('../evals/compare.ts').then((m) =>
      m.compareJob(this.#client, this, jobId, options),
    );
  }
}

/** What the stand-in receives from {@link forward}: the result and, for API calls, its response. */
export type Forwarded = Promise<{ data: unknown; response: Response }>;

/**
 * Calls the method at `path` (e.g. `['runs', 'create']`) of the groups above with `args`: what the
 * stand-in the client carries (./evals-stand-in.ts) forwards to once this module has loaded. A
 * method's result comes back with its response; a helper's (`compare`) with none.
 */
export function forward(
  client: RequestClient,
  path: readonly string[],
  args: unknown[],
): Forwarded {
  let target: Record<string, unknown> = new Evals(client) as never;
  for (const key of path.slice(0, -1)) target = (target[key] ?? {}) as Record<string, unknown>;
  const method = target[path[path.length - 1]!];
  if (typeof method !== 'function') {
    return Promise.reject(new TypeError(`ft.evals.${path.join('.')} is not a function`));
  }
  const result = method.apply(target, args) as { withResponse?: () => Forwarded };
  return typeof result.withResponse === 'function'
    ? result.withResponse()
    : Promise.resolve(result).then((data) => ({ data, response: undefined as never }));
}
