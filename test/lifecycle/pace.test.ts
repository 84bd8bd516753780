// Polling paced without rate-limit headers (the fine-tuning routes of the real API send none): a
// request budget per loop, and a 429 that stops the loop for its `retry-after` and halves the budget.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FineTuning, InvalidArgumentError, RateLimitError } from '../../src/index.ts';
import { RequestBudget } from '../../src/lifecycle/pace.ts';
import { fakeClock } from '../helpers/fake-clock.ts';
import { eventPage, jobFixture, noTransportRetries } from '../helpers/jobs.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const ft = new FineTuning({ apiKey: 'sk-test', baseUrl: BASE_URL, ...noTransportRetries });
const JOB = '/v1/fine_tuning/jobs/ftjob-1';

const rateLimited = (headers: Record<string, string>) =>
  new RateLimitError({
    status: 429,
    headers: new Headers(headers),
    method: 'GET',
    path: JOB,
    body: { error: { message: 'slow down', type: 'requests', param: null, code: null } },
  });

describe('RequestBudget', () => {
  it('never lets more than its budget through in any minute of the clock (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 200 }),
        (perMinute, gaps) => {
          const clock = fakeClock();
          const budget = new RequestBudget(perMinute, clock);
          const sent: number[] = [];
          for (const gap of gaps) {
            clock.advance(gap);
            clock.advance(budget.delay());
            expect(budget.delay()).toBe(0);
            budget.spend();
            sent.push(clock.now());
          }
          for (let i = perMinute; i < sent.length; i++)
            expect(sent[i]! - sent[i - perMinute]!).toBeGreaterThanOrEqual(60_000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a 429 blocks it for retry-after (a minute without one) and halves the budget; other errors do not', () => {
    const clock = fakeClock();
    const budget = new RequestBudget(60, clock);
    expect(budget.refused(new Error('network'))).toBe(false);
    expect(budget.delay()).toBe(0);
    expect(budget.refused(rateLimited({ 'retry-after': '7' }))).toBe(true);
    expect(budget.delay()).toBe(7_000);
    expect(budget.perMinute).toBe(30);
    clock.advance(7_000);
    expect(budget.refused(rateLimited({}))).toBe(true);
    expect(budget.delay()).toBe(60_000);
    expect(budget.perMinute).toBe(15);
  });
});

describe('jobs.follow without rate-limit headers', () => {
  it('waits the retry-after of a 429 before the next request, and keeps every event', async () => {
    nock(BASE).get(JOB).reply(200, jobFixture('ftjob-1', 'running'));
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .reply(200, eventPage([2, 1]));
    nock(BASE)
      .get(JOB)
      .reply(
        429,
        { error: { message: 'Rate limit reached', type: 'requests', param: null, code: null } },
        { 'retry-after': '20' },
      );
    nock(BASE).get(JOB).reply(200, jobFixture('ftjob-1', 'succeeded'));
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .reply(200, eventPage([3, 2, 1]));
    const clock = fakeClock();
    const events: string[] = [];
    for await (const u of ft.jobs.follow('ftjob-1', { clock, pollInterval: 1_000 }))
      if (u.type === 'event') events.push(u.event.id);
    expect(events).toEqual(['ftevent-1', 'ftevent-2', 'ftevent-3']);
    // The interval after the refused poll, then the rest of the 20 s the server asked for.
    expect(clock.sleeps).toEqual([1_000, 1_000, 19_000]);
  });

  it('keeps to requestsPerMinute when the interval would poll faster', async () => {
    for (let i = 0; i < 4; i++) {
      nock(BASE).get(JOB).reply(200, jobFixture('ftjob-1', 'running'));
      nock(BASE)
        .get(`${JOB}/events`)
        .query(true)
        .reply(200, eventPage([1]));
    }
    nock(BASE).get(JOB).reply(200, jobFixture('ftjob-1', 'succeeded'));
    nock(BASE)
      .get(`${JOB}/events`)
      .query(true)
      .reply(200, eventPage([1]));
    const clock = fakeClock();
    const sent: number[] = [];
    const counted = new FineTuning({
      apiKey: 'sk-test',
      baseUrl: BASE_URL,
      ...noTransportRetries,
      fetch: (input, init) => {
        sent.push(clock.now());
        return fetch(input, init);
      },
    });
    const stream = counted.jobs.follow('ftjob-1', { clock, pollInterval: 0, requestsPerMinute: 4 });
    for await (const _ of stream) void _;
    expect(sent).toHaveLength(10);
    for (let i = 4; i < sent.length; i++)
      expect(sent[i]! - sent[i - 4]!).toBeGreaterThanOrEqual(60_000);
  });

  it('rejects a requestsPerMinute below 1', () => {
    expect(() => ft.jobs.follow('ftjob-1', { requestsPerMinute: 0 })).toThrow(InvalidArgumentError);
  });
});
