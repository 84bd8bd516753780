// jobs.watch against the local server, with its manual clock tied to watch's: each pause moves
// every job on. Jobs start, pause, fail and succeed at different times; the listing spans pages;
// a rate limit is set on the server.
import { afterEach, describe, expect, it } from 'vitest';
import {
  FineTuning,
  InvalidArgumentError,
  type FineTuningJob,
  type WatchUpdate,
} from '../../src/index.ts';
import {
  startLocalServer,
  type LocalServer,
  type LocalServerOptions,
} from '../../src/testing/index.ts';
import { linkedClock, TRAINING_JSONL } from '../helpers/local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  options: LocalServerOptions = {},
): Promise<{ ft: FineTuning; s: LocalServer; file: string; bad: string }> {
  server = await startLocalServer({ clock: 'manual', ...options });
  const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey, maxRetries: 0 });
  const file = await ft.files.create({
    file: TRAINING_JSONL,
    filename: 'train.jsonl',
    purpose: 'fine-tune',
  });
  const noAnswers = TRAINING_JSONL.replace(/,\{"role":"assistant"[^\]]*\]/g, ']');
  const bad = await ft.files.create({
    file: noAnswers,
    filename: 'bad.jsonl',
    purpose: 'fine-tune',
  });
  return { ft, s: server, file: file.id, bad: bad.id };
}

/** Every event of a job, oldest first, read with plain list calls. */
async function allEvents(ft: FineTuning, jobId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const event of ft.jobs.listEvents(jobId, { limit: 100 })) ids.push(event.id);
  return ids.reverse();
}

const listRequests = (s: LocalServer) =>
  s.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/fine_tuning/jobs?'));

describe('jobs.watch against the local server', () => {
  it('reports jobs that start, pause, fail and succeed at different times, each event once and in order', async () => {
    const { ft, s, file, bad } = await start();
    const short = await ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file,
      hyperparameters: { n_epochs: 1 },
    });
    const failing = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: bad });
    const paused = await ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file,
      hyperparameters: { n_epochs: 2 },
    });
    let late: FineTuningJob | undefined;
    let pausedAt: number | undefined;
    const t0 = s.now();
    // Pauses `paused` once it runs, resumes it 5 s later; a fourth job starts 3 s in.
    const clock = linkedClock(s, async (now) => {
      const job = await ft.jobs.retrieve(paused.id);
      if (pausedAt === undefined && job.status === 'running') {
        await ft.jobs.pause(paused.id);
        pausedAt = now;
      } else if (pausedAt !== undefined && pausedAt > 0 && now - pausedAt >= 5_000) {
        await ft.jobs.resume(paused.id);
        pausedAt = -1;
      }
      if (!late && now - t0 >= 3_000)
        late = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file });
    });

    const updates: WatchUpdate[] = [];
    for await (const u of ft.jobs.watch({
      ids: [short.id, failing.id, paused.id],
      events: true,
      history: true,
      pollInterval: 200,
      clock,
    }))
      updates.push(u);

    const statuses = (id: string) =>
      updates
        .filter((u) => u.jobId === id && u.type === 'status')
        .map((u) => (u.type === 'status' ? u.status : ''));
    expect(statuses(short.id)).toEqual(['validating_files', 'queued', 'running', 'succeeded']);
    expect(statuses(failing.id)).toEqual(['validating_files', 'failed']);
    // Paused as soon as it runs (before a round lists it), then resumed: `paused` is seen between.
    expect(statuses(paused.id)).toEqual([
      'validating_files',
      'queued',
      'paused',
      'running',
      'succeeded',
    ]);
    // Named jobs only: the job created meanwhile is not reported.
    expect(late).toBeDefined();
    expect(updates.some((u) => u.jobId === late!.id)).toBe(false);
    for (const job of [short, failing, paused]) {
      const seen = updates
        .filter((u) => u.jobId === job.id && u.type === 'event')
        .map((u) => (u.type === 'event' ? u.event.id : ''));
      expect(seen).toEqual(await allEvents(ft, job.id));
    }
    const messages = updates
      .filter((u) => u.jobId === paused.id && u.type === 'event')
      .map((u) => (u.type === 'event' ? u.event.message : ''));
    expect(messages).toContain('Fine-tuning job paused');
    expect(messages).toContain('Fine-tuning job resumed');
    // The last update of a succeeded job carries its model and full progress.
    const last = updates.filter((u) => u.jobId === short.id).at(-1)!;
    expect(last.job.fine_tuned_model).toMatch(/^ft:/);
    expect(last.progress.fraction).toBe(1);
    // Jobs end at different times: the short one first.
    const end = (id: string) =>
      updates.findIndex((u) => u.jobId === id && u.type === 'status' && u.status === 'succeeded');
    expect(end(short.id)).toBeLessThan(end(paused.id));
  });

  it('without ids, watches every unfinished job (not the finished ones), and reads only as far back as the oldest', async () => {
    const { ft, s, file } = await start();
    const old = [];
    for (let i = 0; i < 3; i++)
      old.push(await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file }));
    s.settle();
    const fresh = [];
    for (let i = 0; i < 3; i++)
      fresh.push(
        await ft.jobs.create({
          model: 'gpt-4o-mini',
          training_file: file,
          hyperparameters: { n_epochs: 1 },
        }),
      );
    const before = listRequests(s).length;
    const clock = linkedClock(s);

    const updates: WatchUpdate[] = [];
    for await (const u of ft.jobs.watch({ pageSize: 2, pollInterval: 300, clock })) updates.push(u);

    expect(new Set(updates.map((u) => u.jobId))).toEqual(new Set(fresh.map((j) => j.id)));
    for (const job of fresh) {
      expect(
        updates
          .filter((u) => u.jobId === job.id)
          .map((u) => (u.type === 'status' ? u.status : u.type)),
      ).toEqual(['validating_files', 'queued', 'running', 'succeeded']);
    }
    const lists = listRequests(s).slice(before);
    const rounds = clock.sleeps.length + 1;
    // The first round reads all 3 pages (6 jobs, 2 a page); every later round 2 pages (the 3 new
    // jobs), never the page of finished jobs; no job is retrieved one by one.
    expect(lists.filter((r) => !r.path.includes('after=')).length).toBe(rounds);
    expect(lists.length).toBe(3 + (rounds - 1) * 2);
    expect(s.requests.some((r) => /^\/fine_tuning\/jobs\/[^/?]+$/.test(r.path))).toBe(false);
  });

  it('with metadata, watches only the matching jobs; forever picks up new ones until aborted', async () => {
    const { ft, s, file } = await start();
    const a = await ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file,
      metadata: { sweep: 'x' },
    });
    const other = await ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file,
      metadata: { sweep: 'y' },
    });
    const controller = new AbortController();
    let b: FineTuningJob | undefined;
    const clock = linkedClock(s, async () => {
      if (!b)
        b = await ft.jobs.create({
          model: 'gpt-4o-mini',
          training_file: file,
          metadata: { sweep: 'x' },
        });
    });
    const updates: WatchUpdate[] = [];
    for await (const u of ft.jobs.watch({
      metadata: { sweep: 'x' },
      forever: true,
      pollInterval: 500,
      signal: controller.signal,
      clock,
    })) {
      updates.push(u);
      if (updates.filter((x) => x.type === 'status' && x.status === 'succeeded').length === 2)
        controller.abort();
    }
    expect(updates.some((u) => u.jobId === other.id)).toBe(false);
    for (const job of [a, b!])
      expect(updates.filter((u) => u.jobId === job.id && u.type === 'status').at(-1)).toMatchObject(
        { status: 'succeeded' },
      );
  });

  it('an abort ends the stream at once, with no request after it', async () => {
    const { ft, s, file } = await start();
    await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file });
    await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file });
    const controller = new AbortController();
    const updates: WatchUpdate[] = [];
    for await (const u of ft.jobs.watch({
      pollInterval: 100,
      signal: controller.signal,
      clock: linkedClock(s),
    })) {
      updates.push(u);
      controller.abort();
    }
    const count = s.requests.length;
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      type: 'status',
      status: 'validating_files',
      previous: undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(s.requests.length).toBe(count);
  });

  it('under a server rate limit that sends x-ratelimit-* figures, slows down by them and is never answered 429', async () => {
    const { ft, s, file } = await start({
      faults: {
        rateLimitHeaders: true,
        rateLimit: { requests: 12, windowMs: 10_000, clock: 'server' },
      },
    });
    const jobs = [];
    for (let i = 0; i < 3; i++)
      jobs.push(
        await ft.jobs.create({
          model: 'gpt-4o-mini',
          training_file: file,
          hyperparameters: { n_epochs: 1 },
        }),
      );
    const clock = linkedClock(s);
    const updates: WatchUpdate[] = [];
    for await (const u of ft.jobs.watch({ events: true, history: true, pollInterval: 100, clock }))
      updates.push(u);
    expect(s.requests.filter((r) => r.status === 429)).toEqual([]);
    for (const job of jobs) {
      const seen = updates
        .filter((u) => u.jobId === job.id && u.type === 'event')
        .map((u) => (u.type === 'event' ? u.event.id : ''));
      expect(seen).toEqual(await allEvents(ft, job.id));
    }
    // It waited for the window to reset rather than the 100 ms asked for.
    expect(clock.sleeps.some((ms) => ms > 1_000)).toBe(true);
  });

  it('rejects bad options at the first iteration, with what to do', async () => {
    const ft = new FineTuning({ apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1' });
    await expect(ft.jobs.watch({ pageSize: 500 }).next()).rejects.toThrow(InvalidArgumentError);
    await expect(ft.jobs.watch({ ids: ['ftjob-1'], forever: true }).next()).rejects.toThrow(
      /one or the other/,
    );
    await expect(ft.jobs.watch({ pollInterval: -1 }).next()).rejects.toThrow(/pollInterval/);
  });
});
