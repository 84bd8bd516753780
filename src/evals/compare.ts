// `ft.evals.compare`: is the fine-tuned model better than its base, item by item? Creates one eval
// (item schema + graders), one run per model, waits for them (polling with the shared pacing, or
// sooner when a webhook says a run ended), lists every output item and builds the comparison.
// Loaded on first use of `ft.evals.compare` or `compareJob`.
// Long because creating the eval, the runs, waiting, listing the output items and comparing are one
// flow with one set of options.
import type {
  CreateEvalRequest,
  Eval,
  EvalRun,
  EvalRunOutputItem,
  EvalRunOutputItemList,
  FineTuningJobCheckpoint,
} from '../../generated/types.gen.ts';
import { listFineTuningJobCheckpoints, retrieveFineTuningJob } from '../../generated/sdk.gen.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import { AbortError } from '../errors/connection.ts';
import { InvalidArgumentError } from '../errors.ts';
import { type Clock, systemClock } from '../lifecycle/clock.ts';
import { paceDelay } from '../lifecycle/pace.ts';
import type { PagePromise } from '../pagination/page-promise.ts';
import type { RequestClient } from '../transport/transport.ts';
import type { WebhookEvent } from '../webhooks/events.ts';
import { EvalDataError, EvalRunFailedError } from './errors.ts';
import { checkRows, itemSchemaOf, readRows } from './rows.ts';

/** A grader of the eval's testing criteria (string_check, text_similarity, score_model, …). */
export type EvalCriterion = CreateEvalRequest['testing_criteria'][number];

/** What `ft.evals.compare` takes. */
export interface CompareOptions {
  /**
   * The held-out data: rows (each an item object, or `{ item }`), a JSONL Blob of such lines, or
   * the id of a file uploaded with purpose `evals` (its rows are then checked by the API only).
   */
  data: ReadonlyArray<Record<string, unknown>> | Blob | string;
  /**
   * The prompt: a template for the user message (`'{{item.question}}'`) or chat messages whose
   * `content` may use `{{item.*}}`.
   */
  prompt:
    | string
    | ReadonlyArray<{ role: 'user' | 'system' | 'assistant' | 'developer'; content: string }>;
  /** The testing criteria: graders, each with a unique `name`. */
  criteria: readonly EvalCriterion[];
  /** The models to compare, the baseline first: a base model, fine-tuned models, checkpoints. */
  models: readonly string[];
  /** The items' JSON schema. @default inferred from the first row: its keys required, their types */
  itemSchema?: Record<string, unknown> | undefined;
  /** The eval's name. @default 'compare: ' and the models */
  name?: string | undefined;
  /** Milliseconds between polls of the unfinished runs. @default 2000 */
  pollInterval?: number | undefined;
  /**
   * Webhook events (from your endpoint): an `eval.run.*` event for one of the runs ends the wait
   * for it at once instead of at the next poll.
   */
  events?: AsyncIterable<WebhookEvent> | undefined;
  /** Aborting it cancels the runs this call started, then rejects with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Time, for tests. @default the system clock */
  clock?: Clock | undefined;
  /** Called after each poll with every run as last seen. */
  onProgress?: ((runs: readonly EvalRun[]) => void) | undefined;
}

/** One criterion's results for one model. */
export interface CriterionResult {
  name: string;
  passed: number;
  failed: number;
  errored: number;
  /** `passed` over all items, errored ones included. */
  passRate: number;
  /** The mean grader score over the items it graded, or null when it graded none. */
  meanScore: number | null;
}

/** One model's results. */
export interface ModelResult {
  model: string;
  runId: string;
  status: string;
  reportUrl?: string | null;
  criteria: CriterionResult[];
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
  /** The mean pass rate over the criteria: what `best` is chosen by. */
  score: number;
}

/** What `ft.evals.compare` resolves with. */
export interface EvalComparison {
  evalId: string;
  models: ModelResult[];
  /** Per data row (in data order): which models passed every criterion, which did not. */
  items: Array<{
    index: number;
    item: unknown;
    passedBy: string[];
    failedBy: string[];
    /** The models for which a grader errored on this item (also in `failedBy`). */
    erroredBy: string[];
  }>;
  /** The model with the highest score (the first of equals). */
  best?: string;
}

/** What the helper needs of `ft.evals` (its own group, passed in so the two modules stay apart). */
export interface EvalsApi {
  create(body: CreateEvalRequest, options?: RequestOptions): ApiPromise<Eval>;
  runs: {
    create(evalId: string, body: never, options?: RequestOptions): ApiPromise<EvalRun>;
    retrieve(evalId: string, runId: string, options?: RequestOptions): ApiPromise<EvalRun>;
    cancel(evalId: string, runId: string, options?: RequestOptions): ApiPromise<EvalRun>;
    outputItems: {
      list(
        evalId: string,
        runId: string,
        params?: { limit?: number },
        options?: RequestOptions,
      ): PagePromise<EvalRunOutputItemList>;
    };
  };
}

const ENDED = new Set(['completed', 'failed', 'canceled']);

function checkOptions(options: CompareOptions, helper: string, needModels = true): void {
  const fail = (what: string) => {
    throw new InvalidArgumentError(`${helper}: ${what}`);
  };
  if (typeof options !== 'object' || options === null) fail('pass an options object.');
  if (needModels && (!Array.isArray(options.models) || options.models.length === 0))
    fail("'models' must list at least one model, the baseline first.");
  if (needModels && new Set(options.models).size !== options.models.length)
    fail("'models' lists a model twice.");
  if (!Array.isArray(options.criteria) || options.criteria.length === 0)
    fail("'criteria' must list at least one grader.");
  const names = options.criteria.map((c) => (c as { name?: unknown }).name);
  if (names.some((n) => typeof n !== 'string' || n === '') || new Set(names).size !== names.length)
    fail("every grader in 'criteria' needs a unique 'name'.");
  if (typeof options.prompt !== 'string' && !Array.isArray(options.prompt))
    fail("'prompt' must be a template string or chat messages.");
}

/** Creates the eval and a run per model, waits, and builds the comparison. */
export async function compare(
  client: RequestClient,
  evals: EvalsApi,
  options: CompareOptions,
): Promise<EvalComparison> {
  checkOptions(options, 'ft.evals.compare');
  const { signal } = options;
  const fileId = typeof options.data === 'string' ? options.data : undefined;
  const rows = fileId === undefined ? await readRows(options.data as never) : undefined;
  const itemSchema = options.itemSchema ?? (rows ? itemSchemaOf(rows) : { type: 'object' });
  // Every row is checked before anything is created: a bad row costs no run.
  if (rows) checkRows(rows, itemSchema);
  throwIfAborted(signal);
  const template =
    typeof options.prompt === 'string'
      ? [{ role: 'user' as const, content: options.prompt }]
      : options.prompt;
  const evaluation = await evals.create(
    {
      name: options.name ?? `compare: ${options.models.join(' vs ')}`,
      data_source_config: { type: 'custom', item_schema: itemSchema, include_sample_schema: true },
      testing_criteria: [...options.criteria],
    },
    { signal },
  );
  const source = rows
    ? { type: 'file_content', content: rows.map((item) => ({ item })) }
    : { type: 'file_id', id: fileId };
  const started: EvalRun[] = [];
  try {
    for (const model of options.models) {
      throwIfAborted(signal);
      const body = {
        name: model,
        data_source: {
          type: 'completions',
          model,
          input_messages: { type: 'template', template },
          source,
        },
      };
      started.push(await evals.runs.create(evaluation.id, body as never, { signal }));
    }
    const runs = await waitForRuns(client, evals, evaluation.id, started, options);
    const items = await Promise.all(
      runs.map((run) => listAll(evals, evaluation.id, run.id, signal)),
    );
    return buildComparison(evaluation.id, runs, items, options.criteria);
  } catch (error) {
    if (signal?.aborted) {
      await cancelAll(evals, evaluation.id, started);
      throw new AbortError(
        'POST',
        `/evals/${evaluation.id}/runs`,
        signal.reason,
        `ft.evals.compare was aborted by the caller's signal; the runs it started were canceled.`,
      );
    }
    throw error;
  }
}

/** Why a run ended before its results: the run's own error, and what to do. */
function runFailed(run: EvalRun): EvalRunFailedError {
  const reason = run.error?.message ? `: ${run.error.message} (code ${run.error.code})` : '';
  return new EvalRunFailedError(
    run,
    run.status === 'canceled'
      ? `Eval run ${run.id} (model ${run.model}) was canceled before it finished${reason}. Start the comparison again.`
      : `Eval run ${run.id} (model ${run.model}) failed${reason || ' without an error message'}. Check the model name and the data, then start the comparison again.`,
  );
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AbortError(
      'POST',
      '/evals',
      signal.reason,
      "ft.evals.compare was aborted by the caller's signal before any run was started.",
    );
}

async function cancelAll(evals: EvalsApi, evalId: string, runs: readonly EvalRun[]) {
  // Without the aborted signal: these requests must go out. A run that already ended is left.
  await Promise.allSettled(runs.map((run) => evals.runs.cancel(evalId, run.id)));
}

/** Polls the unfinished runs until every one has ended; an event for a run polls it at once. */
async function waitForRuns(
  client: RequestClient,
  evals: EvalsApi,
  evalId: string,
  started: EvalRun[],
  options: CompareOptions,
): Promise<EvalRun[]> {
  const clock = options.clock ?? systemClock;
  const interval = options.pollInterval ?? 2000;
  const runs = [...started];
  let wake = new AbortController();
  const mine = new Set(runs.map((r) => r.id));
  let listening = true;
  if (options.events) {
    void (async () => {
      for await (const event of options.events!) {
        if (!listening) break;
        const id = (event.data as { id?: unknown }).id;
        if (event.type.startsWith('eval.run.') && typeof id === 'string' && mine.has(id))
          wake.abort();
      }
    })().catch(() => {});
  }
  try {
    for (;;) {
      for (let i = 0; i < runs.length; i++) {
        if (!ENDED.has(runs[i]!.status))
          runs[i] = await evals.runs.retrieve(evalId, runs[i]!.id, { signal: options.signal });
      }
      options.onProgress?.(runs);
      const ended = runs.find((r) => r.status === 'failed' || r.status === 'canceled');
      if (ended) throw runFailed(ended);
      const pending = runs.filter((r) => !ENDED.has(r.status)).length;
      if (pending === 0) return runs;
      const delay = Math.max(interval, paceDelay(client.rateLimit, pending));
      const signals = [wake.signal, ...(options.signal ? [options.signal] : [])];
      await clock.sleep(delay, AbortSignal.any(signals)).catch(() => {
        if (options.signal?.aborted) throw options.signal.reason;
      });
      if (wake.signal.aborted) wake = new AbortController();
    }
  } finally {
    listening = false;
  }
}

async function listAll(evals: EvalsApi, evalId: string, runId: string, signal?: AbortSignal) {
  const items: EvalRunOutputItem[] = [];
  for await (const item of evals.runs.outputItems.list(evalId, runId, { limit: 100 }, { signal }))
    items.push(item);
  return items;
}

/** The comparison from the runs and their output items (pure: the benchmark times it alone). */
export function buildComparison(
  evalId: string,
  runs: readonly EvalRun[],
  outputs: ReadonlyArray<readonly EvalRunOutputItem[]>,
  criteria: readonly EvalCriterion[],
): EvalComparison {
  const names = criteria.map((c) => String((c as { name: string }).name));
  const rows = new Map<number, EvalComparison['items'][number]>();
  const models = runs.map((run, r) => {
    const tally = names.map((name) => ({
      name,
      passed: 0,
      failed: 0,
      errored: 0,
      sum: 0,
      graded: 0,
    }));
    for (const output of outputs[r]!) {
      const index = output.datasource_item_id;
      let row = rows.get(index);
      if (!row) {
        row = { index, item: output.datasource_item, passedBy: [], failedBy: [], erroredBy: [] };
        rows.set(index, row);
      }
      let errored = false;
      for (const t of tally) {
        const result = output.results.find((x) => x.name === t.name);
        const failedToGrade =
          !result || (result.sample as { error?: unknown } | null | undefined)?.error !== undefined;
        if (failedToGrade) {
          t.errored++;
          errored = true;
        } else {
          t.sum += result.score;
          t.graded++;
          if (result.passed) t.passed++;
          else t.failed++;
        }
      }
      if (output.status === 'pass') row.passedBy.push(run.model);
      else row.failedBy.push(run.model);
      if (errored || output.status === 'error') row.erroredBy.push(run.model);
    }
    const total = outputs[r]!.length;
    const results = tally.map((t) => ({
      name: t.name,
      passed: t.passed,
      failed: t.failed,
      errored: t.errored,
      passRate: total ? t.passed / total : 0,
      meanScore: t.graded ? t.sum / t.graded : null,
    }));
    const usage = run.per_model_usage?.reduce(
      (u, m) => ({
        promptTokens: u.promptTokens + m.prompt_tokens,
        completionTokens: u.completionTokens + m.completion_tokens,
        totalTokens: u.totalTokens + m.total_tokens,
      }),
      { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    );
    return {
      model: run.model,
      runId: run.id,
      status: run.status,
      reportUrl: run.report_url ?? null,
      criteria: results,
      ...(usage ? { usage } : {}),
      score: results.reduce((s, c) => s + c.passRate, 0) / (results.length || 1),
    };
  });
  let best: ModelResult | undefined;
  for (const m of models) if (!best || m.score > best.score) best = m;
  return {
    evalId,
    models,
    items: [...rows.values()].sort((a, b) => a.index - b.index),
    ...(best ? { best: best.model } : {}),
  };
}

/** What `ft.evals.compareJob` takes: `compare`'s options without `models`. */
export type CompareJobOptions = Omit<CompareOptions, 'models'> & {
  /** Also evaluate the job's intermediate checkpoints. @default true */
  checkpoints?: boolean | undefined;
};

/** Compares a succeeded job's base model, its checkpoints and its final model. */
export async function compareJob(
  client: RequestClient,
  evals: EvalsApi,
  jobId: string,
  options: CompareJobOptions,
): Promise<EvalComparison> {
  if (typeof jobId !== 'string' || jobId === '')
    throw new InvalidArgumentError('ft.evals.compareJob: pass the fine-tuning job id first.');
  checkOptions(options as CompareOptions, 'ft.evals.compareJob', false);
  const { signal } = options;
  const job = await call(
    client,
    retrieveFineTuningJob,
    { path: { fine_tuning_job_id: jobId } },
    { signal },
  );
  if (job.status !== 'succeeded' || !job.fine_tuned_model) {
    throw new InvalidArgumentError(
      `ft.evals.compareJob: job ${jobId} is '${job.status}'; only a succeeded job has models to compare. Wait for it (ft.jobs.wait) first.`,
    );
  }
  const checkpoints: FineTuningJobCheckpoint[] = [];
  if (options.checkpoints !== false) {
    const page = await call(
      client,
      listFineTuningJobCheckpoints,
      { path: { fine_tuning_job_id: jobId }, query: { limit: 100 } },
      { signal },
    );
    checkpoints.push(...page.data);
  }
  const middle = checkpoints
    .sort((a, b) => a.step_number - b.step_number)
    .map((c) => c.fine_tuned_model_checkpoint)
    .filter((m) => m !== job.fine_tuned_model);
  return compare(client, evals, {
    ...options,
    models: [job.model, ...middle, job.fine_tuned_model],
  });
}

export { EvalDataError, EvalRunFailedError };
