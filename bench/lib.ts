// Benchmark helpers. Figures are ratios against a baseline measured in the same process, in
// interleaved rounds, so a noisy shared machine slows both sides alike.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CaseResult {
  /** What was measured, e.g. "retrieve x2,000 sequential". */
  name: string;
  /** Unit of the medians, e.g. "ms" or "MB/s". */
  unit: string;
  /** Median of the baseline's rounds. */
  baseline: number;
  /** Median of the SDK's rounds. */
  sdk: number;
  /** sdk / baseline for times (lower is better), or as stated in `note`. */
  ratio: number;
  /** Anything a reader needs to interpret the row (the target, the baseline's name). */
  note?: string;
  /** Other candidates measured in the same rounds (e.g. the official SDK), by name. */
  others?: Record<string, number>;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Runs each contender once per round, alternating which goes first, and returns the median
 * duration of each in milliseconds.
 */
export async function interleave(
  rounds: number,
  contenders: Record<string, () => Promise<unknown>>,
  warmup = 1,
): Promise<Record<string, number>> {
  const names = Object.keys(contenders);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const start = performance.now();
      await contenders[name]!();
      if (round >= warmup) times[name]!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n]!)]));
}

/** A benchmark case module default-exports one of these. */
export type BenchCase = () => Promise<CaseResult[]>;

/** Starts bench/servers/api.mjs (a minimal fine-tuning API) in a child process. */
export async function startApiServer(): Promise<{ baseUrl: string; stop: () => void }> {
  const child = fork(fileURLToPath(new URL('./servers/api.mjs', import.meta.url)), [], {
    stdio: 'inherit',
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m) => resolve((m as { port: number }).port)),
  );
  return { baseUrl: `http://127.0.0.1:${port}/v1`, stop: () => child.kill() };
}

/**
 * One of issue #32's per-call targets: a ratio measured in this run, the target it must meet
 * (`max` for times, lower is better; `min` for throughput, higher is better), and the floor, raw
 * fetch with a per-attempt timeout measured in the same rounds, which the SDK must come within 0.05
 * of when the floor itself misses the target.
 */
export interface Target {
  name: string;
  ratio: number;
  max?: number;
  min?: number;
  floor?: number;
}

/** How much worse than its target a ratio may get before the run fails. */
const SLACK = 0.05;

/**
 * A row that fails loudly: prints `FAIL <target>` on stderr and sets a non-zero exit code when a
 * ratio is worse than its target (or the floor's allowance, whichever is looser) by more than 5%.
 */
export function targetsRow(name: string, targets: Target[]): CaseResult {
  const verdicts = targets.map((t) => {
    const limit =
      t.max !== undefined
        ? Math.max(t.max, (t.floor ?? 0) + 0.05)
        : Math.min(t.min!, (t.floor ?? Number.POSITIVE_INFINITY) - 0.05);
    // How far past its limit the ratio is, as a fraction of the limit (negative: within it).
    const over = t.max !== undefined ? t.ratio / limit - 1 : 1 - t.ratio / limit;
    const failed = over > SLACK;
    const line = `${failed ? 'FAIL' : over > 0 ? 'near' : 'ok'} ${t.name}: ${t.ratio.toFixed(2)}x, limit ${t.max !== undefined ? '<=' : '>='} ${limit.toFixed(2)}x${t.floor !== undefined ? ` (target ${(t.max ?? t.min)!.toFixed(2)}x, floor ${t.floor.toFixed(2)}x)` : ''}`;
    if (failed) process.exitCode = 1;
    process.stderr.write(`${line}\n`);
    return { over, failed, line };
  });
  const worst = Math.max(...verdicts.map((v) => v.over));
  const failed = verdicts.filter((v) => v.failed);
  return {
    name,
    unit: 'x over limit',
    baseline: 0,
    sdk: worst,
    ratio: 1 + worst,
    note: failed.length
      ? `FAIL (more than 5% past the limit): ${failed.map((v) => v.line.slice(5)).join('; ')}`
      : `all ${verdicts.length} within 5% of their limit (a ratio 5% past it fails the run)`,
  };
}
