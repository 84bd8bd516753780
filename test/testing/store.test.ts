// The durable store under the local server: whatever sequence of sets, deletions, in-place changes
// and commits, a store opened again on the directory holds exactly what was committed, in the same
// order, across compactions; what was not committed is gone.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/testing/store.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** An object that changes itself, as a job does: the store sees it through `version`. */
class Counter {
  constructor(public n: number) {}
}

type Op =
  | { kind: 'set'; collection: 'a' | 'b'; id: string; value: number }
  | { kind: 'delete'; collection: 'a' | 'b'; id: string }
  | { kind: 'bump'; id: string }
  | { kind: 'commit' };

const id = fc.constantFrom('x', 'y', 'z');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    collection: fc.constantFrom('a' as const, 'b' as const),
    id,
    value: fc.integer(),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    collection: fc.constantFrom('a' as const, 'b' as const),
    id,
  }),
  fc.record({ kind: fc.constant('bump' as const), id }),
  fc.constant({ kind: 'commit' as const }),
);

function open(dir: string, compactBytes: number) {
  const store = Store.open(dir, { compactBytes });
  const a = store.collection<{ v: number }>('a');
  const b = store.collection<{ v: number }>('b');
  const counters = store.collection<Counter>('counters', {
    encode: (c) => c.n,
    decode: (data) => new Counter(data as number),
    version: (c) => c.n,
  });
  return { store, a, b, counters };
}

const view = (s: ReturnType<typeof open>) => ({
  a: [...s.a.entries()],
  b: [...s.b.entries()],
  counters: [...s.counters.entries()].map(([k, c]) => [k, c.n]),
});

describe('Store', () => {
  it('reopens with exactly the committed records, in order, whatever the operations (property)', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.constantFrom(64, 1 << 20),
        (ops, compactBytes) => {
          const dir = mkdtempSync(join(tmpdir(), 'ft-store-'));
          dirs.push(dir);
          const live = open(dir, compactBytes);
          let committed = view(live);
          for (const o of ops) {
            if (o.kind === 'set') live[o.collection].set(o.id, { v: o.value });
            else if (o.kind === 'delete') live[o.collection].delete(o.id);
            else if (o.kind === 'bump') {
              const c = live.counters.get(o.id);
              if (c)
                c.n += 1; // changed in place: no set, no touch
              else live.counters.set(o.id, new Counter(0));
            } else {
              live.store.commit();
              committed = view(live);
            }
          }
          // Closed without a last commit: as if killed after the last answer.
          live.store.close();
          const again = open(dir, compactBytes);
          expect(view(again)).toEqual(committed);
          again.store.close();
        },
      ),
      {
        numRuns: 60,
        seed: 15,
        // A record deleted and set again before a commit moves to the end, on disk too.
        examples: [
          [
            [
              { kind: 'set', collection: 'a', id: 'x', value: 1 },
              { kind: 'set', collection: 'a', id: 'y', value: 2 },
              { kind: 'commit' },
              { kind: 'delete', collection: 'a', id: 'x' },
              { kind: 'set', collection: 'a', id: 'x', value: 3 },
              { kind: 'commit' },
            ],
            1 << 20,
          ],
          [
            [
              { kind: 'set', collection: 'a', id: 'y', value: 0 },
              { kind: 'set', collection: 'a', id: 'x', value: 0 },
              { kind: 'delete', collection: 'a', id: 'y' },
              { kind: 'set', collection: 'a', id: 'y', value: 0 },
              { kind: 'commit' },
            ],
            64,
          ],
        ],
      },
    );
  });

  it('folds the journal into the snapshot once it passes the threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ft-store-'));
    dirs.push(dir);
    const s = open(dir, 1024);
    for (let i = 0; i < 120; i++) {
      s.a.set(`k${i % 30}`, { v: i });
      s.store.commit();
    }
    // 120 lines of ~40 bytes would be ~4.8 KB: it was folded on the way.
    expect(statSync(join(dir, 'state', 'journal.jsonl')).size).toBeLessThan(1024 + 100);
    s.store.close();
    const again = open(dir, 1024);
    expect(again.a.size).toBe(30);
    expect(again.a.get('k29')).toEqual({ v: 119 });
    again.store.close();
  });

  it('refuses a collection name twice', () => {
    const store = Store.memory();
    store.collection('a');
    expect(() => store.collection('a')).toThrow("already has a collection 'a'");
  });
});
