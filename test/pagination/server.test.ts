// Pagination against a real local server: errors deep into a long list, aborts (between items and
// while a page is in flight), and how much of a long list stays in memory.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, FineTuning } from '../../src/index.ts';
import { startEventsServer, type EventsServer } from '../helpers/events-server.ts';

let server: EventsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(options: Parameters<typeof startEventsServer>[0]): Promise<FineTuning> {
  server = await startEventsServer(options);
  return new FineTuning({ apiKey: 'sk-test', baseUrl: server.baseUrl });
}

/** Iterates `items` to the end, calling `each` with the ids so far; resolves with what it threw. */
async function drain(items: AsyncIterable<{ id: string }>, each?: (seen: string[]) => void) {
  const seen: string[] = [];
  try {
    for await (const item of items) {
      seen.push(item.id);
      each?.(seen);
    }
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

describe('a long list', () => {
  it('an error on page 37 of 100 surfaces as the typed APIError, after the 3,600 items before it', async () => {
    const ft = await clientFor({ total: 10_000, failOnPage: 37 });
    const { seen, error } = await drain(ft.jobs.listEvents('ftjob-1', { limit: 100 }));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 400,
      requestId: 'req_page_37',
      type: 'invalid_request_error',
    });
    expect(seen).toHaveLength(3_600);
    expect(seen.at(-1)).toBe('ev-3599');
    expect(server?.requests).toHaveLength(37);
    expect(server?.requests.at(-1)).toBe(
      '/v1/fine_tuning/jobs/ftjob-1/events?limit=100&after=ev-3599',
    );
  });

  it('10,000 events over 100 pages are delivered in order while about one page is held in memory', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const ft = await clientFor({ total: 10_000 });
    // Items not yet garbage-collected, by index. (A FinalizationRegistry, not WeakRefs: creating a
    // WeakRef pins its target until the current job ends, which would skew the count.)
    const alive = new Set<number>();
    const registry = new FinalizationRegistry<number>((index) => alive.delete(index));
    const aliveBefore: number[] = [];
    let index = 0;
    let outOfOrder = 0;
    for await (const event of ft.jobs.listEvents('ftjob-1', { limit: 100 })) {
      if (event.id !== `ev-${index}`) outOfOrder++;
      if (index % 500 === 0 && index >= 500) {
        // First item of a new page: what is still reachable of the pages before it?
        // Finalization callbacks run as tasks after a collection, so give them two turns.
        for (let turn = 0; turn < 4; turn++) {
          gc();
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        aliveBefore.push(alive.size);
      }
      alive.add(index);
      registry.register(event, index);
      index++;
    }
    expect(index).toBe(10_000);
    expect(outOfOrder).toBe(0);
    expect(server?.requests).toHaveLength(100);
    expect(aliveBefore).toHaveLength(19);
    // Only the page being read is held: less than one page of the earlier ones is still reachable
    // (V8 may keep a stray object or two; keeping the previous page would show 100 here).
    expect(Math.max(...aliveBefore)).toBeLessThan(100);
  });
});

describe('an AbortSignal', () => {
  it('aborted while a page is in flight rejects the pending next() at once and closes the request', async () => {
    const ft = await clientFor({ total: 1_000, hangOnPage: 2 });
    const controller = new AbortController();
    const { seen, error } = await drain(
      ft.jobs.listEvents('ftjob-1', { limit: 100 }, { signal: controller.signal }),
      (ids) => {
        // The last item of page 1: the next step waits on page 2, which never answers.
        if (ids.length === 100) setTimeout(() => controller.abort(), 50);
      },
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(100);
    expect(server?.requests).toHaveLength(2);
    await expect.poll(() => server?.abandoned(), { timeout: 2_000 }).toBe(1);
  });

  it('aborted between items stops before the next item, with no further request', async () => {
    const ft = await clientFor({ total: 1_000 });
    const controller = new AbortController();
    const { seen, error } = await drain(
      ft.jobs.listEvents('ftjob-1', { limit: 100 }, { signal: controller.signal }),
      (ids) => {
        if (ids.length === 10) controller.abort();
      },
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(10);
    expect(server?.requests).toHaveLength(1);
  });

  it('already aborted sends nothing, whether awaited or iterated', async () => {
    const ft = await clientFor({ total: 10 });
    const signal = AbortSignal.abort();
    await expect(ft.jobs.listEvents('ftjob-1', {}, { signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(ft.jobs.listEvents('ftjob-1', {}, { signal }).toArray()).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server?.requests).toEqual([]);
  });
});
