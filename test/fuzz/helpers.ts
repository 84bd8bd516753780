// Shared pieces of the fuzz suites: the fast-check settings (a bounded run, the seed printed so a
// failure can be replayed with FC_SEED=<seed>), and the renderings a secret must never appear in.
import { inspect } from 'node:util';
import type fc from 'fast-check';

/** `FC_SEED=<n>` replays a run; otherwise a fresh seed, printed so a failure can be replayed. */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED
    ? Number(process.env.FC_SEED)
    : Date.now() ^ (Math.random() * 2 ** 31);
  console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`);
  // interruptAfterTimeLimit bounds the run; markInterruptAsFailure stays off, so a slow machine
  // runs fewer cases rather than failing.
  return { seed, numRuns, interruptAfterTimeLimit: 5_000, endOnFailure: true };
}

/** Every way a value is commonly rendered: inspect (console.log), JSON, String, stack, causes. */
export function renderings(value: unknown): string[] {
  const out: string[] = [];
  const push = (f: () => unknown) => {
    try {
      out.push(String(f()));
    } catch (error) {
      out.push(`<threw ${(error as Error)?.message}>`);
    }
  };
  push(() => inspect(value, { depth: 8, showHidden: true, getters: true }));
  push(() => JSON.stringify(value));
  push(() => String(value));
  for (let e: unknown = value, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    const error = e;
    push(() => error.stack);
    push(() => error.message);
    push(() => inspect(structuredClone(error), { depth: 8 }));
  }
  return out;
}

/** The renderings of `value` that contain any of `secrets`. */
export function leaks(value: unknown, secrets: readonly string[]): string[] {
  return renderings(value).filter((text) => secrets.some((s) => text.includes(s)));
}
