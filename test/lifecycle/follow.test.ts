// jobs.follow against nock: each poll retrieves the job then reads events newest first; the
// stream yields every event once, oldest first, and every status change, until a final status.
import { describe, expect, it } from 'vitest';
import {
  APIError,
  FineTuning,
  InvalidArgumentError,
  JobTimeoutError,
  type FollowUpdate,
} from '../../src/index.ts';
import { fakeClock } from '../helpers/fake-clock.ts';
import { eventFixture, eventPage, jobFixture, noTransportRetries } from '../helpers/jobs.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const ft = new FineTuning({ apiKey: 'sk-test', baseUrl: BASE_URL, ...noTransportRetries });
const JOB = '/v1/fine_tuning/jobs/ftjob-1';

/** One poll: the job in `status`, then the given event pages (each `[query, page]`). */
function poll(status: string, ...pages: [Record<string, string>, object][]) {
  const scope = nock(BASE).get(JOB).reply(200, jobFixture('ftjob-1', status));
  for (const [query, page] of pages) scope.get(`${JOB}/events`).query(query).reply(200, page);
  return scope;
}

/** Updates as short strings: `event:N` or `status:old>new`. */
function describeUpdate(u: FollowUpdate): string {
  return u.type === 'event'
    ? `event:${u.event.id.replace('ftevent-', '')}`
    : `status:${u.previous ?? ''}>${u.status}`;
}

async function collect(stream: AsyncIterable<FollowUpdate>): Promise<string[]> {
  const out: string[] = [];
  for await (const u of stream) out.push(describeUpdate(u));
  return out;
}

describe('jobs.follow', () => {
  it('yields each event once and in order through overlapping polls, page duplicates, a pause and a resume', async () => {
    poll('validating_files', [{ limit: '3' }, eventPage([3, 2, 1])]);
    poll('queued', [{ limit: '3' }, eventPage([5, 4, 3], true)]);
    // Four new events: the read pages back once, and the second page repeats event 7.
    poll(
      'running',
      [{ limit: '3' }, eventPage([9, 8, 7], true)],
      [{ limit: '3', after: 'ftevent-7' }, eventPage([7, 6, 5], true)],
    );
    poll('paused', [{ limit: '3' }, eventPage([10, 9, 8], true)]);
    poll('paused', [{ limit: '3' }, eventPage([10, 9, 8], true)]);
    poll('running', [{ limit: '3' }, eventPage([11, 10, 9], true)]);
    poll('succeeded', [{ limit: '3' }, eventPage([13, 12, 11], true)]);
    const clock = fakeClock();

    const updates = await collect(ft.jobs.follow('ftjob-1', { pageSize: 3, clock }));

    expect(updates).toEqual([
      'event:1',
      'event:2',
      'event:3',
      'status:>validating_files',
      'event:4',
      'event:5',
      'status:validating_files>queued',
      'event:6',
      'event:7',
      'event:8',
      'event:9',
      'status:queued>running',
      'event:10',
      'status:running>paused',
      // the second paused poll had nothing new
      'event:11',
      'status:paused>running',
      'event:12',
      'event:13',
      'status:running>succeeded',
    ]);
    // Adaptive pauses: validating 5 s, queued 15 s, running 5 s, paused 30 s (twice), running 5 s.
    expect(clock.sleeps).toEqual([5_000, 15_000, 5_000, 30_000, 30_000, 5_000]);
  });

  it('carries the latest job and progress on every update', async () => {
    const metrics = { step: 50, total_steps: 200, train_loss: 1.25, valid_loss: 1.5 };
    nock(BASE)
      .get(JOB)
      .reply(200, jobFixture('ftjob-1', 'running', { estimated_finish: 1721768400 }));
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .reply(200, {
        object: 'list',
        has_more: false,
        data: [eventFixture(2, 'Step 50/200', metrics), eventFixture(1)],
      });
    nock(BASE)
      .get(JOB)
      .reply(
        200,
        jobFixture('ftjob-1', 'succeeded', { fine_tuned_model: 'ft:gpt-4o-mini:org::abc' }),
      );
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .reply(200, eventPage([3, 2, 1]));

    const updates: FollowUpdate[] = [];
    for await (const u of ft.jobs.follow('ftjob-1', { clock: fakeClock() })) updates.push(u);

    const metric = updates[1]!;
    expect(metric.type).toBe('event');
    expect(metric.progress).toMatchObject({
      status: 'running',
      step: 50,
      totalSteps: 200,
      fraction: 0.25,
      trainLoss: 1.25,
      validLoss: 1.5,
      fullValidLoss: undefined,
      estimatedFinish: new Date(1721768400 * 1000),
    });
    const last = updates.at(-1)!;
    expect(last).toMatchObject({ type: 'status', status: 'succeeded', previous: 'running' });
    expect(last.job.fine_tuned_model).toBe('ft:gpt-4o-mini:org::abc');
    expect(last.progress.fraction).toBe(1);
  });

  it('ends without throwing when the job fails; the last update carries the error', async () => {
    poll('running', [{ limit: '100' }, eventPage([1])]);
    nock(BASE)
      .get(JOB)
      .reply(
        200,
        jobFixture('ftjob-1', 'failed', {
          error: { code: 'invalid_file', message: 'bad line 3', param: null },
        }),
      );
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .reply(200, eventPage([2, 1]));
    const updates: FollowUpdate[] = [];
    for await (const u of ft.jobs.follow('ftjob-1', { clock: fakeClock() })) updates.push(u);
    expect(updates.map(describeUpdate)).toEqual([
      'event:1',
      'status:>running',
      'event:2',
      'status:running>failed',
    ]);
    expect(updates.at(-1)!.job.error).toEqual({
      code: 'invalid_file',
      message: 'bad line 3',
      param: null,
    });
  });

  it('keeps the events from before it started out of the stream when history is false', async () => {
    poll('running', [{ limit: '100' }, eventPage([2, 1])]);
    poll('succeeded', [{ limit: '100' }, eventPage([3, 2, 1])]);
    expect(
      await collect(ft.jobs.follow('ftjob-1', { history: false, clock: fakeClock() })),
    ).toEqual(['status:>running', 'event:3', 'status:running>succeeded']);
  });

  it('survives transient failures of a poll and retries it after the usual pause', async () => {
    poll('queued', [{ limit: '100' }, eventPage([1])]);
    nock(BASE)
      .get(JOB)
      .reply(503, { error: { message: 'overloaded' } });
    nock(BASE).get(JOB).reply(200, jobFixture('ftjob-1', 'running'));
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    poll('succeeded', [{ limit: '100' }, eventPage([2, 1])]);
    const clock = fakeClock();
    expect(await collect(ft.jobs.follow('ftjob-1', { clock }))).toEqual([
      'event:1',
      'status:>queued',
      'event:2',
      'status:queued>succeeded',
    ]);
    expect(clock.sleeps).toEqual([15_000, 15_000, 15_000]);
  });

  it('throws the last error once more polls in a row fail than maxPollFailures allows', async () => {
    nock(BASE)
      .get(JOB)
      .times(3)
      .reply(500, { error: { message: 'boom' } });
    const clock = fakeClock();
    const error = await collect(ft.jobs.follow('ftjob-1', { clock, maxPollFailures: 2 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('throws at once on an error a retry cannot fix (404)', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs/ftjob-nope')
      .reply(404, { error: { message: 'No such job', code: 'not_found' } });
    const clock = fakeClock();
    const error = await collect(ft.jobs.follow('ftjob-nope', { clock })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
    expect(clock.sleeps).toEqual([]);
  });

  it('ends quietly when the signal aborts during a pause', async () => {
    poll('running', [{ limit: '100' }, eventPage([1])]);
    const controller = new AbortController();
    const clock = fakeClock();
    clock.onSleep = () => controller.abort();
    expect(await collect(ft.jobs.follow('ftjob-1', { clock, signal: controller.signal }))).toEqual([
      'event:1',
      'status:>running',
    ]);
  });

  it('ends at once when the consumer aborts between updates, yielding nothing more', async () => {
    poll('running', [{ limit: '100' }, eventPage([2, 1])]);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const u of ft.jobs.follow('ftjob-1', {
      clock: fakeClock(),
      signal: controller.signal,
    })) {
      seen.push(describeUpdate(u));
      controller.abort();
    }
    // Event 2 and the status were already read, but the stream ends where the consumer aborted.
    expect(seen).toEqual(['event:1']);
  });

  it('throws JobTimeoutError with the last seen job when the deadline ends a pause', async () => {
    nock(BASE).get(JOB).times(3).reply(200, jobFixture('ftjob-1', 'queued'));
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .times(3)
      .reply(200, eventPage([1]));
    const clock = fakeClock();
    const error = await collect(ft.jobs.follow('ftjob-1', { clock, timeout: 40_000 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as JobTimeoutError).job?.status).toBe('queued');
    expect((error as JobTimeoutError).message).toMatch(/ftjob-1 was still 'queued' after 40000 ms/);
    // Polls at 0, 15 s and 30 s; the third pause is cut to the 10 s left.
    expect(clock.sleeps).toEqual([15_000, 15_000, 10_000]);
    expect(clock.now()).toBe(40_000);
  });

  it('takes the poll interval as a number, a map by status or a function', async () => {
    for (const [pollInterval, expected] of [
      [1_000, [1_000]],
      [{ queued: 2_000 }, [2_000]],
      [(job: { status: string }) => (job.status === 'queued' ? 3_000 : 1), [3_000]],
    ] as const) {
      poll('queued', [{ limit: '100' }, eventPage([])]);
      poll('cancelled', [{ limit: '100' }, eventPage([])]);
      const clock = fakeClock();
      expect(await collect(ft.jobs.follow('ftjob-1', { clock, pollInterval }))).toEqual([
        'status:>queued',
        'status:queued>cancelled',
      ]);
      expect(clock.sleeps).toEqual(expected);
    }
  });

  it('rejects bad options with an error that names the option, at the call', async () => {
    const cases: [object, RegExp][] = [
      [{ pollInterval: -5 }, /pollInterval must be a finite number >= 0, got -5/],
      [{ pollInterval: { running: Number.NaN } }, /pollInterval.running must be a finite number/],
      [
        { pollInterval: 'fast' },
        /pollInterval must be a number of milliseconds, a map by status or a function/,
      ],
      [{ pageSize: 0 }, /pageSize must be a finite number >= 1/],
      [{ timeout: -1 }, /timeout must be a finite number >= 0/],
    ];
    for (const [options, message] of cases) {
      expect(() => ft.jobs.follow('ftjob-1', options as never)).toThrow(InvalidArgumentError);
      expect(() => ft.jobs.follow('ftjob-1', options as never)).toThrow(message);
      await expect(ft.jobs.wait('ftjob-1', options as never)).rejects.toThrow(message);
    }
  });
});
