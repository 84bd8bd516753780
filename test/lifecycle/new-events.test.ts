// readNewEvents: from pages listed newest first, the unseen events oldest first, whatever the
// overlap with what was seen, and never an endless read from a listing that does not end.
import { describe, expect, it } from 'vitest';
import {
  markSeen,
  MAX_PAGES_PER_POLL,
  readNewEvents,
  type EventPage,
} from '../../src/lifecycle/new-events.ts';
import { eventFixture, eventPage } from '../helpers/jobs.ts';

/** A listing that answers from a table keyed by `after`, and records what it was asked. */
function listing(pages: Record<string, EventPage>) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (after: string | undefined) => {
    asked.push(after);
    const page = pages[after ?? ''];
    if (!page) throw new Error(`unexpected after=${after}`);
    return page;
  };
  return { fetchPage, asked };
}

const ids = (events: { id: string }[]) => events.map((e) => Number(e.id.replace('ftevent-', '')));

describe('readNewEvents', () => {
  it('reads the whole history, oldest first, when nothing was seen', async () => {
    const { fetchPage, asked } = listing({
      '': eventPage([6, 5, 4], true),
      'ftevent-4': eventPage([3, 2, 1], false),
    });
    expect(ids(await readNewEvents(fetchPage, new Set()))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(asked).toEqual([undefined, 'ftevent-4']);
  });

  it('stops at the first event already seen, without reading older pages', async () => {
    const { fetchPage, asked } = listing({ '': eventPage([6, 5, 4], true) });
    expect(ids(await readNewEvents(fetchPage, new Set(['ftevent-4', 'ftevent-3'])))).toEqual([
      5, 6,
    ]);
    expect(asked).toEqual([undefined]);
  });

  it('keeps an event once when two pages repeat it', async () => {
    const { fetchPage } = listing({
      '': eventPage([6, 5, 4], true),
      'ftevent-4': eventPage([5, 4, 3], true),
      'ftevent-3': eventPage([2], false),
    });
    expect(ids(await readNewEvents(fetchPage, new Set(['ftevent-2'])))).toEqual([3, 4, 5, 6]);
  });

  it('gives nothing for an empty listing', async () => {
    const { fetchPage } = listing({ '': eventPage([], false) });
    expect(await readNewEvents(fetchPage, new Set())).toEqual([]);
  });

  it('stops on an empty page that claims more, and on a cursor that does not move', async () => {
    const empty = listing({ '': eventPage([2, 1], true), 'ftevent-1': eventPage([], true) });
    expect(ids(await readNewEvents(empty.fetchPage, new Set()))).toEqual([1, 2]);
    expect(empty.asked).toEqual([undefined, 'ftevent-1']);

    const stuck = listing({ '': eventPage([2, 1], true), 'ftevent-1': eventPage([1], true) });
    expect(ids(await readNewEvents(stuck.fetchPage, new Set()))).toEqual([1, 2]);
    expect(stuck.asked).toEqual([undefined, 'ftevent-1']);
  });

  it(`reads at most ${MAX_PAGES_PER_POLL} pages in one poll`, async () => {
    let calls = 0;
    const endless = async (after: string | undefined) => {
      calls++;
      const n = after ? Number(after.replace('ftevent-', '')) - 1 : 1_000_000;
      return eventPage([n], true);
    };
    const events = await readNewEvents(endless, new Set());
    expect(calls).toBe(MAX_PAGES_PER_POLL);
    expect(events).toHaveLength(MAX_PAGES_PER_POLL);
  });

  it('does not touch the seen set, so a failed read can be repeated', async () => {
    const seen = new Set(['ftevent-1']);
    let first = true;
    const flaky = async (after: string | undefined) => {
      if (after && first) {
        first = false;
        throw new Error('connection reset');
      }
      return after ? eventPage([2, 1], false) : eventPage([4, 3], true);
    };
    await expect(readNewEvents(flaky, seen)).rejects.toThrow('connection reset');
    expect([...seen]).toEqual(['ftevent-1']);
    expect(ids(await readNewEvents(flaky, seen))).toEqual([2, 3, 4]);
  });

  it('remembers at most a window of the newest ids, which is all a read needs', async () => {
    const seen = new Set<string>();
    markSeen(
      seen,
      [1, 2, 3].map((n) => eventFixture(n)),
      4,
    );
    markSeen(
      seen,
      [4, 5, 6].map((n) => eventFixture(n)),
      4,
    );
    expect([...seen]).toEqual(['ftevent-3', 'ftevent-4', 'ftevent-5', 'ftevent-6']);
    // The next read still stops at the newest event seen.
    const { fetchPage } = listing({ '': eventPage([8, 7, 6, 5], true) });
    expect(ids(await readNewEvents(fetchPage, seen))).toEqual([7, 8]);
  });
});
