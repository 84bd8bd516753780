// Evals on the local server: evals, their runs and the runs' output items, kept in the durable
// store. A run is decided when it is created (the simulated model's answers, ./evals-models.ts,
// graded by the graders the server runs, ./graders/run.ts) and revealed on the server clock: queued,
// then in progress one item per `itemMs`, then completed (or failed, or canceled). `settle()`
// finishes runs as it finishes jobs, and each run's end is announced by webhook.
import type {
  Eval,
  EvalRun,
  EvalRunOutputItem,
  RunGraderRequest,
} from '../../generated/types.gen.ts';
import { runGrader } from './graders/run.ts';
import { namespaces, render } from './graders/template.ts';
import { type Sampler, samplerFor } from './evals-models.ts';
import type { ServerState } from './state.ts';

/** How long a run waits before its first item, and how long each item takes, in server ms. */
export const EVAL_TIMING = { queuedMs: 400, itemMs: 10 };

/** What the store keeps of a run: the run as created, its items, and when it moves. */
export interface RunRecord {
  run: EvalRun;
  items: EvalRunOutputItem[];
  startAt: number;
  doneAt: number;
  /** The status it ends with (`completed` or `failed`), unless canceled first. */
  outcome: 'completed' | 'failed';
  canceledAt?: number;
  announced?: boolean;
}

/** The error field of a run or sample that has none (the spec requires the field, not null). */
const NO_ERROR = { code: '', message: '' };

export class EvalStore {
  readonly #state: ServerState;
  readonly evals;
  readonly runs;
  /** Called when a run ends: the server sends `eval.run.<status>` from here. */
  onRunEnd: ((run: EvalRun, at: number) => void) | undefined;

  constructor(state: ServerState) {
    this.#state = state;
    this.evals = state.store.collection<Eval>('evals');
    this.runs = state.store.collection<RunRecord>('eval-runs');
  }

  /** A run as it stands at `now`. */
  view(record: RunRecord, now = this.#state.clock.now()): EvalRun {
    const ended = record.canceledAt ?? record.doneAt;
    const status =
      record.canceledAt !== undefined && record.canceledAt <= now
        ? 'canceled'
        : now < record.startAt
          ? 'queued'
          : now < record.doneAt
            ? 'in_progress'
            : record.outcome;
    const finished = status !== 'queued' && status !== 'in_progress';
    return {
      ...record.run,
      status,
      // Counts and usage are those of the items graded so far.
      ...(finished && status !== 'canceled' ? {} : partial(record, Math.min(now, ended))),
    };
  }

  /** The output items graded by `now`, in data order. */
  itemsAt(record: RunRecord, now = this.#state.clock.now()): EvalRunOutputItem[] {
    const until = Math.min(now, record.canceledAt ?? Number.POSITIVE_INFINITY);
    if (record.outcome === 'failed') return [];
    const done = Math.floor((until - record.startAt) / EVAL_TIMING.itemMs);
    return record.items.slice(0, Math.max(0, Math.min(record.items.length, done)));
  }

  /** Announces the runs that ended by `now` (once each). */
  catchUp(now: number): void {
    for (const [id, record] of this.runs.entries()) {
      if (record.announced) continue;
      const ended = Math.min(record.canceledAt ?? Number.POSITIVE_INFINITY, record.doneAt);
      if (ended > now) continue;
      record.announced = true;
      this.runs.set(id, record);
      this.onRunEnd?.(this.view(record, ended), ended);
    }
  }

  /** When the next run ends, if any is still going. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const record of this.runs.values()) {
      if (record.announced || record.canceledAt !== undefined) continue;
      if (next === undefined || record.doneAt < next) next = record.doneAt;
    }
    return next;
  }

  /** The sampler for a model, or undefined when this server does not know it. */
  sampler(model: string): Sampler | undefined {
    return samplerFor(this.#state, model);
  }
}

/** Counts, per-criterion results and usage of the items graded by `at`. */
function partial(record: RunRecord, at: number): Partial<EvalRun> {
  const done = Math.max(
    0,
    Math.min(record.items.length, Math.floor((at - record.startAt) / EVAL_TIMING.itemMs)),
  );
  return summarise(record.run, record.outcome === 'failed' ? [] : record.items.slice(0, done));
}

/** The run's totals from its graded items. */
export function summarise(run: EvalRun, items: EvalRunOutputItem[]): Partial<EvalRun> {
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cached_tokens: 0 };
  for (const item of items) {
    usage.prompt_tokens += item.sample.usage.prompt_tokens;
    usage.completion_tokens += item.sample.usage.completion_tokens;
    usage.total_tokens += item.sample.usage.total_tokens;
  }
  const criteria = run.per_testing_criteria_results.map((c) => c.testing_criteria);
  return {
    result_counts: {
      total: items.length,
      errored: items.filter((i) => i.status === 'error').length,
      failed: items.filter((i) => i.status === 'fail').length,
      passed: items.filter((i) => i.status === 'pass').length,
    },
    per_testing_criteria_results: criteria.map((name) => ({
      testing_criteria: name,
      passed: items.filter((i) => i.results.find((r) => r.name === name)?.passed).length,
      failed: items.filter((i) => i.results.find((r) => r.name === name && !r.passed)).length,
    })),
    per_model_usage: items.length
      ? [{ model_name: run.model, invocation_count: items.length, ...usage }]
      : [],
  };
}

/** A template's messages rendered for one item: `{{item.x}}` replaced, content as text. */
export function renderMessages(
  template: ReadonlyArray<{ role?: string; content?: unknown }>,
  item: Record<string, unknown>,
): Array<{ role: string; content: string }> {
  const scope = namespaces('', item);
  return template.map((m, i) => {
    const content =
      typeof m.content === 'string'
        ? m.content
        : String((m.content as { text?: unknown } | undefined)?.text ?? '');
    return {
      role: m.role ?? 'user',
      content: render(content, scope, `data_source.input_messages.template[${i}].content`),
    };
  });
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** Grades one sample with each criterion; a grader that cannot run counts as an error. */
export function grade(
  criteria: ReadonlyArray<Record<string, unknown>>,
  answer: string,
  item: Record<string, unknown>,
): { results: EvalRunOutputItem['results']; status: string } {
  let errored = false;
  const results = criteria.map((grader) => {
    const name = String(grader.name);
    try {
      const reward = runGrader({ grader, model_sample: answer, item } as RunGraderRequest).reward;
      const threshold = typeof grader.pass_threshold === 'number' ? grader.pass_threshold : 1;
      return { name, type: String(grader.type), score: reward, passed: reward >= threshold };
    } catch (error) {
      errored = true;
      const message = error instanceof Error ? error.message : String(error);
      return {
        name,
        type: String(grader.type),
        score: 0,
        passed: false,
        sample: { error: message },
      };
    }
  });
  const status = errored ? 'error' : results.every((r) => r.passed) ? 'pass' : 'fail';
  return { results, status };
}

/** One output item: the model's answer to a rendered prompt, graded. */
export function outputItem(
  ids: { id: string; run: EvalRun; createdAt: number; index: number },
  item: Record<string, unknown>,
  messages: Array<{ role: string; content: string }>,
  sampler: Sampler,
  criteria: ReadonlyArray<Record<string, unknown>>,
): EvalRunOutputItem {
  const prompt = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const answer = sampler(prompt.trim());
  const { results, status } = grade(criteria, answer, item);
  const promptTokens = messages.reduce((n, m) => n + tokens(m.content), 0);
  const completionTokens = tokens(answer);
  return {
    object: 'eval.run.output_item',
    id: ids.id,
    run_id: ids.run.id,
    eval_id: ids.run.eval_id,
    created_at: ids.createdAt,
    status,
    datasource_item_id: ids.index,
    datasource_item: item,
    results,
    sample: {
      input: messages,
      output: [{ role: 'assistant', content: answer }],
      finish_reason: 'stop',
      model: ids.run.model,
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        cached_tokens: 0,
      },
      error: NO_ERROR,
      temperature: 1,
      max_completion_tokens: 2048,
      top_p: 1,
      seed: 42,
    },
  } as EvalRunOutputItem;
}

export { NO_ERROR };

// One store per server state, made on first use: the evals need nothing of the state's own fields
// beyond its store, clock, files, jobs and models.
const STORES = new WeakMap<ServerState, EvalStore>();

/** The eval store of a server. */
export function evalsOf(state: ServerState): EvalStore {
  let store = STORES.get(state);
  if (!store) {
    store = new EvalStore(state);
    STORES.set(state, store);
    state.timed.push(store);
  }
  return store;
}
