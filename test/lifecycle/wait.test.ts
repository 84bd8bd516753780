// jobs.wait against a scripted job on a real local server: a whole life from validation to the
// final model, with more events between polls than fit a page, a pause and a resume, a reset
// connection and a 502; then a failure, a timeout and an abort while a request is in flight.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  FineTuning,
  FineTuningError,
  JobFailedError,
  JobTimeoutError,
  type FineTuningJobEvent,
  type JobProgress,
} from '../../src/index.ts';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.ts';
import {
  startJobServer,
  type JobServer,
  type Misbehaviour,
  type Step,
} from '../helpers/job-server.ts';
import { eventFixture, noTransportRetries } from '../helpers/jobs.ts';

let server: JobServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The scripted job on a server, and a client for it; `misbehave` gets the request number and the time. */
async function setUp(
  script: Step[],
  misbehave?: (n: number, now: number) => Misbehaviour,
  clientOptions: object = noTransportRetries,
): Promise<{ ft: FineTuning; clock: FakeClock }> {
  const clock = fakeClock();
  server = await startJobServer(
    'ftjob-1',
    script,
    clock.now,
    misbehave && ((n) => misbehave(n, clock.now())),
  );
  return {
    ft: new FineTuning({ apiKey: 'sk-test', baseUrl: server.baseUrl, ...clientOptions }),
    clock,
  };
}

let counter = 0;
const message = (text: string) => eventFixture(++counter, text);
const metric = (step: number, total: number, extra: Record<string, number> = {}) =>
  eventFixture(++counter, `Step ${step}/${total}`, {
    step,
    total_steps: total,
    train_loss: 2 - step / total,
    ...extra,
  });

function lifeOfAJob(): Step[] {
  counter = 0;
  return [
    { at: 0, status: 'validating_files', events: [message('Validating training file')] },
    { at: 4_000, status: 'queued', events: [message('Files validated'), message('Job enqueued')] },
    {
      at: 30_000,
      status: 'running',
      job: { estimated_finish: 1721770000 },
      events: [message('Job started')],
    },
    // 45 metric events between two polls: more than two pages of 20.
    {
      at: 33_000,
      status: 'running',
      events: Array.from({ length: 45 }, (_, i) => metric(i + 1, 100)),
    },
    { at: 40_000, status: 'paused', events: [message('Job paused')] },
    { at: 100_000, status: 'running', events: [message('Job resumed')] },
    {
      at: 104_000,
      status: 'running',
      events: Array.from({ length: 55 }, (_, i) =>
        metric(i + 46, 100, i === 54 ? { valid_loss: 0.9, full_valid_loss: 0.8 } : {}),
      ),
    },
    {
      at: 109_000,
      status: 'succeeded',
      job: { fine_tuned_model: 'ft:gpt-4o-mini-2024-07-18:org::abc123', finished_at: 1721770100 },
      events: [
        message('New fine-tuned model created'),
        message('The job has successfully completed'),
      ],
    },
  ];
}

describe('jobs.wait', () => {
  it('follows a job from validation to its model: every event once and in order, progress to 1, through a reset and a 502', async () => {
    const { ft, clock } = await setUp(lifeOfAJob(), (n) =>
      n === 6 ? 'reset' : n === 11 ? 502 : undefined,
    );
    const events: FineTuningJobEvent[] = [];
    const progress: JobProgress[] = [];
    const statuses: string[] = [];

    const job = await ft.jobs.wait('ftjob-1', {
      clock,
      pageSize: 20,
      onEvent: (e) => events.push(e),
      onProgress: (p) => progress.push(p),
      onStatus: (u) => statuses.push(u.status),
    });

    expect(job.status).toBe('succeeded');
    expect(job.fine_tuned_model).toBe('ft:gpt-4o-mini-2024-07-18:org::abc123');
    expect(events.map((e) => e.id)).toEqual(server!.allEvents.map((e) => e.id));
    expect(statuses).toEqual([
      'validating_files',
      'queued',
      'running',
      'paused',
      'running',
      'succeeded',
    ]);
    const fractions = progress.map((p) => p.fraction ?? 0);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({
      status: 'succeeded',
      fraction: 1,
      step: 100,
      totalSteps: 100,
      validLoss: 0.9,
      fullValidLoss: 0.8,
    });
    expect(progress.find((p) => p.status === 'running')?.estimatedFinish).toEqual(
      new Date(1721770000 * 1000),
    );
    // Adaptive pauses: 5 s validating, 15 s queued (twice: the reset of request 6 repeats that
    // poll), 5 s running (twice: the 502 of request 11 repeats that one), 30 s paused (twice), 5 s.
    expect(clock.sleeps).toEqual([5_000, 15_000, 15_000, 5_000, 5_000, 30_000, 30_000, 5_000]);
    // Seven good polls (job + first page; two of them page back twice with `after`, because more
    // than a page of events arrived since the poll before) make 18 requests; the two failed polls 3.
    expect(server!.log.filter((l) => l.includes('after='))).toEqual([
      'GET /v1/fine_tuning/jobs/ftjob-1/events?after=ftevent-30&limit=20',
      'GET /v1/fine_tuning/jobs/ftjob-1/events?after=ftevent-10&limit=20',
      'GET /v1/fine_tuning/jobs/ftjob-1/events?after=ftevent-87&limit=20',
      'GET /v1/fine_tuning/jobs/ftjob-1/events?after=ftevent-67&limit=20',
    ]);
    expect(server!.log).toHaveLength(21);
  });

  it('rides out outages longer than any retries the client makes on its own', async () => {
    // Everything fails at 20 s (reset) and at 40 s (502), however often it is asked: the client's
    // own retries (if it makes any) give up, and the next poll after the usual pause succeeds.
    // The client keeps its default retries; `logLevel: 'off'` keeps a logging transport quiet.
    const { ft, clock } = await setUp(
      lifeOfAJob(),
      (_, now) => (now === 20_000 ? 'reset' : now === 40_000 ? 502 : undefined),
      {
        logLevel: 'off',
      },
    );
    const events: string[] = [];
    const job = await ft.jobs.wait('ftjob-1', {
      clock,
      pageSize: 20,
      onEvent: (e) => events.push(e.id),
    });
    expect(job.fine_tuned_model).toBe('ft:gpt-4o-mini-2024-07-18:org::abc123');
    expect(events).toEqual(server!.allEvents.map((e) => e.id));
    expect(clock.sleeps).toEqual([5_000, 15_000, 15_000, 5_000, 5_000, 30_000, 30_000, 5_000]);
  });

  it('rejects with JobFailedError carrying the job error when the job fails', async () => {
    counter = 0;
    const { ft, clock } = await setUp([
      { at: 0, status: 'running', events: [message('Job started'), metric(1, 10)] },
      {
        at: 6_000,
        status: 'failed',
        job: {
          error: {
            code: 'invalid_training_file',
            message: 'Line 12 has no assistant message',
            param: 'training_file',
          },
        },
        events: [{ ...message('Job failed'), level: 'error' }],
      },
    ]);
    const seen: string[] = [];
    const error = await ft.jobs
      .wait('ftjob-1', { clock, onEvent: (e) => seen.push(e.message) })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toBeInstanceOf(FineTuningError);
    const failed = error as JobFailedError;
    expect(failed.code).toBe('invalid_training_file');
    expect(failed.param).toBe('training_file');
    expect(failed.error?.message).toBe('Line 12 has no assistant message');
    expect(failed.job.status).toBe('failed');
    expect(failed.message).toBe(
      'Fine-tuning job ftjob-1 failed: Line 12 has no assistant message (code invalid_training_file, param training_file). ' +
        'Fix the cause (often the training file) and create a new job.',
    );
    expect(seen).toEqual(['Job started', 'Step 1/10', 'Job failed']);
  });

  it('rejects with JobTimeoutError that still gives the last seen job', async () => {
    counter = 0;
    const { ft, clock } = await setUp([
      { at: 0, status: 'queued', events: [message('Job enqueued')] },
    ]);
    const error = await ft.jobs
      .wait('ftjob-1', { clock, timeout: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as JobTimeoutError).job).toMatchObject({ id: 'ftjob-1', status: 'queued' });
    expect(clock.now()).toBe(60_000);
  });

  it('takes a timeout of a fraction of a millisecond on the real clock (AbortSignal.timeout wants whole ones)', async () => {
    counter = 0;
    const { ft } = await setUp([{ at: 0, status: 'queued', events: [message('Job enqueued')] }]);
    const error = await ft.jobs.wait('ftjob-1', { timeout: 0.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
  });

  it('rejects with JobTimeoutError when the deadline passes while a request hangs', async () => {
    counter = 0;
    const { ft, clock } = await setUp(
      [{ at: 0, status: 'running', events: [message('Job started')] }],
      (n) => (n === 3 ? 'hang' : undefined),
    );
    const waiting = ft.jobs.wait('ftjob-1', { clock, timeout: 60_000 });
    await server!.request(3);
    clock.advance(60_000);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as JobTimeoutError).job?.status).toBe('running');
    expect(server!.log).toHaveLength(3);
  });

  it('rejects with AbortError (the abort reason as its cause) when the signal aborts while a request hangs', async () => {
    counter = 0;
    const { ft, clock } = await setUp(
      [{ at: 0, status: 'running', events: [message('Job started')] }],
      (n) => (n === 3 ? 'hang' : undefined),
    );
    const controller = new AbortController();
    const waiting = ft.jobs.wait('ftjob-1', { clock, signal: controller.signal });
    await server!.request(3);
    controller.abort(new Error('stopped by the user'));
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).message).toBe(
      'jobs.wait("ftjob-1") was aborted by the caller\'s signal.',
    );
    expect(((error as AbortError).cause as Error).message).toBe('stopped by the user');
  });

  it('uses real timers by default: short pauses, and a timeout that cuts a hung request', async () => {
    counter = 0;
    // Fake time stands still here; the real clock drives everything.
    const { ft } = await setUp(
      [{ at: 0, status: 'queued', events: [message('Job enqueued')] }],
      (n) => (n === 5 ? 'hang' : undefined),
    );
    const started = performance.now();
    const error = await ft.jobs
      .wait('ftjob-1', { pollInterval: 10, timeout: 300 })
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(server!.log).toHaveLength(5);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('resolves after one poll, without pausing, when the job has already succeeded', async () => {
    counter = 0;
    const { ft, clock } = await setUp([
      { at: 0, status: 'succeeded', job: { fine_tuned_model: 'ft:m' }, events: [message('done')] },
    ]);
    const seen: string[] = [];
    expect(
      (await ft.jobs.wait('ftjob-1', { clock, onEvent: (e) => seen.push(e.message) }))
        .fine_tuned_model,
    ).toBe('ft:m');
    expect(seen).toEqual(['done']);
    expect(clock.sleeps).toEqual([]);
    expect(server!.log).toHaveLength(2);
  });

  it('cancelled jobs resolve with the job, whose status says so', async () => {
    counter = 0;
    const { ft, clock } = await setUp([
      { at: 0, status: 'queued' },
      { at: 1_000, status: 'cancelled', events: [message('Job cancelled')] },
    ]);
    expect((await ft.jobs.wait('ftjob-1', { clock })).status).toBe('cancelled');
  });
});
