// ft.evals.compare and compareJob against the local server (manual clock, polls linked to it): the
// comparison's figures, more than one page of output items, a failing run, a canceled run, an
// abort (which cancels the runs it started), bad rows (rejected before any request), a grader that
// errors, and a wait ended early by a webhook event.
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  type Clock,
  EvalDataError,
  EvalRunFailedError,
  type FineTuning,
  type WebhookEvent,
} from '../../src/index.ts';
import type { LocalServer } from '../../src/testing/index.ts';
import { linkedClock, useLocalServer } from '../helpers/local-server.ts';

// Seeded: the same ids (so the same model names and simulated answers) on every run.
const ctx = useLocalServer({ clock: 'manual', seed: 24 });
// 100 taught prompts: enough that the simulated models' reliabilities (0.25 to 0.95) show in the
// pass counts whatever ids the server draws.
const TRAINING_JSONL = Array.from({ length: 100 }, (_, i) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `Question ${i}?` },
      { role: 'assistant', content: `Answer ${i}.` },
    ],
  }),
).join('\n');
const BASE = 'gpt-4o-mini-2024-07-18';

const exact = {
  type: 'string_check' as const,
  name: 'exact',
  input: '{{sample.output_text}}',
  reference: '{{item.answer}}',
  operation: 'eq' as const,
};
const similar = {
  type: 'text_similarity' as const,
  name: 'similar',
  input: '{{sample.output_text}}',
  reference: '{{item.answer}}',
  evaluation_metric: 'fuzzy_match' as const,
  pass_threshold: 0.8,
};
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    question: `Question ${i % 100}?`,
    answer: `Answer ${i % 100}.`,
  }));

async function trained(ft: FineTuning, server: LocalServer) {
  const file = await ft.files.create({
    file: new File([TRAINING_JSONL], 'train.jsonl'),
    purpose: 'fine-tune',
  });
  const job = await ft.jobs.create({ model: BASE, training_file: file.id });
  server.settle();
  return ft.jobs.retrieve(job.id);
}

const evalPosts = (server: LocalServer) =>
  server.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/evals')).length;

describe('ft.evals.compare', () => {
  it('compares base and fine-tuned item by item and names the best by score', async () => {
    const { ft, server } = ctx;
    const job = await trained(ft, server);
    const result = await ft.evals.compare({
      data: rows(100),
      prompt: '{{item.question}}',
      criteria: [exact, similar],
      models: [BASE, job.fine_tuned_model!],
      clock: linkedClock(server),
    });
    expect(result.evalId).toMatch(/^eval_/);
    expect(result.models.map((m) => [m.model, m.status])).toEqual([
      [BASE, 'completed'],
      [job.fine_tuned_model, 'completed'],
    ]);
    const [base, tuned] = result.models;
    expect(base!.criteria[0]).toEqual({
      name: 'exact',
      passed: 0,
      failed: 100,
      errored: 0,
      passRate: 0,
      meanScore: 0,
    });
    expect(tuned!.criteria[0]!.passRate).toBeGreaterThanOrEqual(0.8);
    expect(tuned!.criteria[1]!.meanScore).toBeGreaterThan(base!.criteria[1]!.meanScore!);
    expect(tuned!.usage!.totalTokens).toBeGreaterThan(0);
    expect(tuned!.reportUrl).toContain(result.evalId);
    expect(result.best).toBe(job.fine_tuned_model);
    expect(result.items).toHaveLength(100);
    expect(result.items[0]).toMatchObject({ index: 0, item: rows(1)[0] });
    const fixed = result.items.filter((i) => i.passedBy.includes(job.fine_tuned_model!));
    expect(fixed.length).toBe(tuned!.criteria[0]!.passed);
    for (const item of result.items) expect(item.failedBy).toContain(BASE);
  });

  it('reads every output item when a run has more than one page of them', async () => {
    const { ft, server } = ctx;
    const result = await ft.evals.compare({
      data: new Blob([
        rows(230)
          .map((item) => JSON.stringify({ item }))
          .join('\n'),
      ]),
      prompt: [{ role: 'user', content: '{{item.question}}' }],
      criteria: [exact],
      models: [BASE],
      clock: linkedClock(server),
    });
    expect(result.items.map((i) => i.index)).toEqual(Array.from({ length: 230 }, (_, i) => i));
    const lists = server.requests.filter(
      (r) => r.method === 'GET' && r.path.includes(`/runs/${result.models[0]!.runId}/output_items`),
    );
    expect(lists).toHaveLength(3);
  });

  it('rejects a failing run with EvalRunFailedError saying why', async () => {
    const { ft, server } = ctx;
    const error = await ft.evals
      .compare({
        data: rows(3),
        prompt: '{{item.question}}',
        criteria: [exact],
        models: [BASE, 'ft:gpt-4o-mini:nobody::gone'],
        clock: linkedClock(server),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalRunFailedError);
    expect(error).toMatchObject({ run: { status: 'failed', error: { code: 'model_not_found' } } });
    expect((error as Error).message).toContain('ft:gpt-4o-mini:nobody::gone');
  });

  it('rejects a run canceled elsewhere with EvalRunFailedError', async () => {
    const { ft, server } = ctx;
    let run: { eval_id: string; id: string } | undefined;
    // Someone cancels the run while compare waits between two polls.
    const clock = linkedClock(server, async () => {
      if (run) await ft.evals.runs.cancel(run.eval_id, run.id);
      run = undefined;
    });
    const error = await ft.evals
      .compare({
        data: rows(20),
        prompt: '{{item.question}}',
        criteria: [exact],
        models: [BASE],
        clock,
        pollInterval: 1,
        onProgress: (runs) => {
          if (runs[0]!.status === 'queued') run = runs[0];
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalRunFailedError);
    expect(error).toMatchObject({ run: { status: 'canceled' } });
    expect((error as Error).message).toContain('was canceled');
  });

  it('abort cancels the runs it started and rejects with AbortError', async () => {
    const { ft, server } = ctx;
    const controller = new AbortController();
    let seen: { evalId: string; ids: string[] } | undefined;
    const error = await ft.evals
      .compare({
        data: rows(50),
        prompt: '{{item.question}}',
        criteria: [exact],
        models: [BASE, 'gpt-4o-mini'],
        clock: linkedClock(server),
        signal: controller.signal,
        onProgress: (runs) => {
          seen = { evalId: runs[0]!.eval_id, ids: runs.map((r) => r.id) };
          controller.abort(new Error('stop'));
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    for (const id of seen!.ids)
      expect((await ft.evals.runs.retrieve(seen!.evalId, id)).status).toBe('canceled');
  });

  it('rejects bad rows with EvalDataError before sending anything', async () => {
    const { ft, server } = ctx;
    const before = evalPosts(server);
    const bad = [...rows(3), { question: 'Q?' }];
    const error = await ft.evals
      .compare({ data: bad, prompt: '{{item.question}}', criteria: [exact], models: [BASE] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalDataError);
    expect(error).toMatchObject({ row: 3 });
    expect((error as Error).message).toContain("lacks 'answer'");
    const typed = await ft.evals
      .compare({
        data: [{ question: 'Q?', answer: 1 }],
        prompt: '{{item.question}}',
        criteria: [exact],
        models: [BASE],
        itemSchema: { type: 'object', properties: { answer: { type: 'string' } } },
      })
      .catch((e: unknown) => e);
    expect((typed as Error).message).toContain("'answer' as number");
    expect(evalPosts(server)).toBe(before);
  });

  it('counts a grader that errors as errored, not as failed', async () => {
    const { ft, server } = ctx;
    const result = await ft.evals.compare({
      data: rows(4),
      prompt: '{{item.question}}',
      criteria: [exact, { ...exact, name: 'broken', reference: '{{item.nothing}}' }],
      models: [BASE],
      clock: linkedClock(server),
    });
    expect(result.models[0]!.criteria[1]).toMatchObject({
      name: 'broken',
      errored: 4,
      passed: 0,
      failed: 0,
      meanScore: null,
    });
    expect(result.items[0]!.erroredBy).toEqual([BASE]);
  });

  it('ends the wait for a run when a webhook event says it ended', async () => {
    const { ft, server } = ctx;
    // A clock whose pauses never end by themselves: only the event can end the wait.
    const stuck: Clock = {
      now: () => server.now(),
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      timeout: () => new AbortController().signal,
    };
    const events: WebhookEvent[] = [];
    let push: (() => void) | undefined;
    async function* feed(): AsyncGenerator<WebhookEvent> {
      for (;;) {
        while (events.length) yield events.shift()!;
        await new Promise<void>((resolve) => (push = resolve));
      }
    }
    const result = ft.evals.compare({
      data: rows(2),
      prompt: '{{item.question}}',
      criteria: [exact],
      models: [BASE],
      clock: stuck,
      pollInterval: 3_600_000,
      events: feed(),
      onProgress: (runs) => {
        if (runs[0]!.status !== 'queued') return;
        server.settle();
        events.push({
          id: 'evt_1',
          type: 'eval.run.succeeded',
          created_at: 1,
          object: 'event',
          data: { id: runs[0]!.id },
        });
        push?.();
      },
    });
    expect((await result).models[0]!.status).toBe('completed');
  });

  it('says what is wrong with the options', async () => {
    const { ft } = ctx;
    await expect(
      ft.evals.compare({ data: rows(1), prompt: 'x', criteria: [exact], models: [] }),
    ).rejects.toMatchObject({ name: 'InvalidArgumentError' });
    await expect(
      ft.evals.compare({ data: rows(1), prompt: 'x', criteria: [exact, exact], models: [BASE] }),
    ).rejects.toThrow(/unique 'name'/);
  });
});

describe('ft.evals.compareJob', () => {
  it("compares the job's base, checkpoints and final model, best by score", async () => {
    const { ft, server } = ctx;
    const job = await trained(ft, server);
    const result = await ft.evals.compareJob(job.id, {
      data: rows(100),
      prompt: '{{item.question}}',
      criteria: [exact],
      clock: linkedClock(server),
    });
    const models = result.models.map((m) => m.model);
    expect(models[0]).toBe(BASE);
    expect(models.at(-1)).toBe(job.fine_tuned_model);
    expect(models.slice(1, -1).every((m) => m.includes(':ckpt-step-'))).toBe(true);
    expect(models.length).toBe(4);
    const scores = result.models.map((m) => m.score);
    expect(scores[0]).toBe(0);
    // Later checkpoints score higher (the simulation's reliability grows with the steps trained).
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(result.best).toBe(result.models[scores.indexOf(Math.max(...scores))]!.model);
  });

  it('refuses a job that has not succeeded', async () => {
    const { ft } = ctx;
    const file = await ft.files.create({
      file: new File([TRAINING_JSONL], 'train.jsonl'),
      purpose: 'fine-tune',
    });
    const job = await ft.jobs.create({ model: BASE, training_file: file.id });
    await expect(
      ft.evals.compareJob(job.id, { data: rows(1), prompt: 'x', criteria: [exact] }),
    ).rejects.toThrow(/only a succeeded job/);
  });
});
