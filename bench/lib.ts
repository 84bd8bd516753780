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
