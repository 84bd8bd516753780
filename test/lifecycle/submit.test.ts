// submitJobs against the local server's job limits (manual clock, pauses linked to it): at most
// `maxActive` jobs unfinished, the next created as one ends, a clean stop at the daily cap (429
// `daily_rate_limit_exceeded`, as recorded from the real API) with the requests left handed back,
// and the API's own active-job cap waited for when it is lower than maxActive.
import { describe, expect, it } from 'vitest';
import { RateLimitError, submitJobs } from '../../src/index.ts';
import { linkedClock, TRAINING_JSONL, useLocalServer } from '../helpers/local-server.ts';

const ctx = useLocalServer();
const BASE = 'gpt-4o-mini-2024-07-18';

async function requests(n: number) {
  const file = await ctx.ft.files.create({
    file: new File([TRAINING_JSONL], 'train.jsonl'),
    purpose: 'fine-tune',
  });
  return Array.from({ length: n }, (_, i) => ({
    model: BASE,
    training_file: file.id,
    suffix: `s${i}`,
  }));
}

describe('submitJobs', () => {
  it('keeps at most maxActive jobs unfinished and submits the next as a slot frees up', async () => {
    const { ft, server } = ctx;
    server.setJobLimits({});
    let peak = 0;
    const result = await submitJobs(ft.jobs, await requests(5), {
      maxActive: 2,
      pollInterval: 1000,
      clock: linkedClock(server),
    });
    expect(result.created).toHaveLength(5);
    expect(result.remaining).toEqual([]);
    expect(result.stoppedBy).toBeUndefined();
    // Every job's creation time: never more than two unfinished at any creation.
    for (const job of result.created) {
      const unfinished = await Promise.all(
        result.created
          .filter((j) => j.created_at <= job.created_at && j.id !== job.id)
          .map((j) => ft.jobs.retrieve(j.id)),
      );
      const overlapping = unfinished.filter(
        (j) => j.finished_at === null || j.finished_at > job.created_at,
      ).length;
      peak = Math.max(peak, overlapping + 1);
    }
    expect(peak).toBe(2);
  });

  it('stops cleanly at the daily cap and hands back what is left', async () => {
    const { ft, server } = ctx;
    server.setJobLimits({ perDay: 3 });
    try {
      // The jobs made by the test above count toward today's cap: start a new day.
      server.advance(24 * 60 * 60 * 1000);
      const all = await requests(5);
      const result = await submitJobs(ft.jobs, all, {
        maxActive: 5,
        clock: linkedClock(server),
      });
      expect(result.created).toHaveLength(3);
      expect(result.remaining).toEqual(all.slice(3));
      expect(result.stoppedBy).toBe('daily_rate_limit_exceeded');
      expect(result.message).toContain('fine-tuning requests per day');
      // The cap itself, as the API answers it: a RateLimitError with the recorded code.
      const error = await ft.jobs.create(all[3]!, { maxRetries: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 429, code: 'daily_rate_limit_exceeded', param: null });
    } finally {
      server.setJobLimits({});
    }
  });

  it("waits for the API's own active-job cap when it is lower than maxActive", async () => {
    const { ft, server } = ctx;
    server.settle(); // the jobs of the tests above end
    server.setJobLimits({ activePerModel: 1 });
    try {
      const result = await submitJobs(ft.jobs, await requests(3), {
        maxActive: 3,
        pollInterval: 1000,
        clock: linkedClock(server),
      });
      expect(result.created).toHaveLength(3);
      const [first, second] = await Promise.all(result.created.map((j) => ft.jobs.retrieve(j.id)));
      expect(second!.created_at).toBeGreaterThanOrEqual(first!.finished_at!);
    } finally {
      server.setJobLimits({});
    }
  });

  it('stops on abort with the rest handed back, and checks its options', async () => {
    const { ft } = ctx;
    const all = await requests(2);
    const controller = new AbortController();
    controller.abort();
    const result = await submitJobs(ft.jobs, all, { signal: controller.signal });
    expect(result).toEqual({ created: [], remaining: all, stoppedBy: 'aborted' });
    await expect(submitJobs(ft.jobs, all, { maxActive: 0 })).rejects.toThrow(/maxActive/);
  });
});
