// jobs.wait and jobs.follow against the package's own local fine-tuning server (an independent
// simulation of the API), with its manual clock tied to follow's: each pause moves the job on.
import { afterEach, describe, expect, it } from 'vitest';
import { FineTuning, type FineTuningJob } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { linkedClock, TRAINING_JSONL } from '../helpers/local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startJob(): Promise<{
  ft: FineTuning;
  job: FineTuningJob;
  clock: ReturnType<typeof linkedClock>;
}> {
  server = await startLocalServer({ clock: 'manual' });
  const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  const file = await ft.files.create({
    file: TRAINING_JSONL,
    filename: 'train.jsonl',
    purpose: 'fine-tune',
  });
  const job = await ft.jobs.create({
    model: 'gpt-4o-mini',
    training_file: file.id,
    suffix: 'follow',
  });
  return { ft, job, clock: linkedClock(server) };
}

/** Every event of the job, oldest first, read with plain list calls. */
async function listAll(ft: FineTuning, jobId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await ft.jobs.listEvents(jobId, { limit: 100, ...(after ? { after } : {}) });
    ids.push(...page.data.map((e) => e.id));
    if (!page.has_more) break;
    after = page.data.at(-1)?.id;
  }
  return ids.reverse();
}

describe('against the local server', () => {
  it('wait gives every event once, in order, paging back 10 at a time, and the final model', async () => {
    const { ft, job, clock } = await startJob();
    const events: string[] = [];
    const statuses: string[] = [];
    let fraction: number | undefined;

    const done = await ft.jobs.wait(job.id, {
      clock,
      pageSize: 10,
      onEvent: (e) => events.push(e.id),
      onStatus: (u) => statuses.push(u.status),
      onProgress: (p) => (fraction = p.fraction),
    });

    expect(done.status).toBe('succeeded');
    expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:org-local:follow:/);
    expect(events).toEqual(await listAll(ft, job.id));
    expect(events.length).toBeGreaterThan(20);
    expect(statuses[0]).toBe('validating_files');
    expect(statuses.at(-1)).toBe('succeeded');
    expect(fraction).toBe(1);
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(server!.requests.some((r) => r.path.includes('after='))).toBe(true);
  });

  it('follow keeps going through a pause and a resume, and bestCheckpoint picks the lowest loss', async () => {
    const { ft, job, clock } = await startJob();
    const messages: string[] = [];
    let paused = false;
    for await (const update of ft.jobs.follow(job.id, { clock, pollInterval: 500 })) {
      if (update.type === 'event') messages.push(update.event.message);
      if (!paused && update.type === 'event' && update.event.type === 'metrics') {
        paused = true;
        await ft.jobs.pause(job.id);
        server!.advance(60_000); // a paused job does not move, however long it waits
        await ft.jobs.resume(job.id);
      }
    }
    expect(messages.join('\n')).toMatch(/paused[\s\S]*resumed[\s\S]*successfully completed/i);
    expect(messages.filter((m) => /paused/i.test(m))).toHaveLength(1);

    const best = await ft.jobs.bestCheckpoint(job.id);
    const all = (await ft.jobs.listCheckpoints(job.id)).data;
    const lowest = Math.min(...all.map((c) => c.metrics.train_loss ?? Infinity));
    expect(best?.metrics.train_loss).toBe(lowest);
  });
});

describe('a job that has already finished when following starts', () => {
  async function finishedJob() {
    const { ft, job, clock } = await startJob();
    server!.settle();
    expect((await ft.jobs.retrieve(job.id)).status).toBe('succeeded');
    return { ft, job, clock };
  }

  it('wait reports its final progress once, with every field known', async () => {
    const { ft, job, clock } = await finishedJob();
    const reports: Array<{
      status: string;
      fraction: number | undefined;
      step: number | undefined;
      totalSteps: number | undefined;
      trainLoss: number | undefined;
    }> = [];
    await ft.jobs.wait(job.id, {
      clock,
      onProgress: (p) =>
        reports.push({
          status: p.status,
          fraction: p.fraction,
          step: p.step,
          totalSteps: p.totalSteps,
          trainLoss: p.trainLoss,
        }),
    });
    expect(reports).toHaveLength(1);
    const [final] = reports;
    expect(final).toMatchObject({ status: 'succeeded', fraction: 1 });
    expect(final!.step).toBe(final!.totalSteps);
    expect(final!.step).toBeGreaterThan(0);
    expect(typeof final!.trainLoss).toBe('number');
  });

  it("follow replays its steps with each step's own progress, then ends at 1", async () => {
    const { ft, job, clock } = await finishedJob();
    const updates = [];
    for await (const u of ft.jobs.follow(job.id, { clock })) updates.push(u);
    const metrics = updates.filter((u) => u.type === 'event' && u.event.type === 'metrics');
    expect(metrics.length).toBeGreaterThan(2);
    for (const u of metrics) {
      if (u.type !== 'event') continue;
      const step = (u.event.data as { step: number }).step;
      expect(u.progress.step).toBe(step);
      expect(u.progress.fraction).toBeCloseTo(step / u.progress.totalSteps!, 10);
    }
    expect(metrics[0]!.progress.fraction).toBeLessThan(1);
    const last = updates.at(-1)!;
    expect(last).toMatchObject({ type: 'status', status: 'succeeded' });
    expect(last.progress.fraction).toBe(1);
  });
});
