// Running token statistics in constant memory: totals, extremes and a power-of-two histogram
// instead of a list of every example's count.
import type { TokenStats } from './report.ts';

/** A builder's state, plain data so it can cross threads and be merged in order. */
export interface TokenStatsState {
  examples: number;
  total: number;
  min: number;
  max: number;
  overLimit: number;
  buckets: number[];
  billedPerEpoch: number;
}

export class TokenStatsBuilder {
  #examples = 0;
  #total = 0;
  #min = Infinity;
  #max = 0;
  #overLimit = 0;
  #buckets: number[] = [];
  /** Tokens billed per epoch: the API truncates an example at the limit, so it bills at most that. */
  billedPerEpoch = 0;

  constructor(readonly limit: number) {}

  add(tokens: number): void {
    this.#examples += 1;
    this.#total += tokens;
    if (tokens < this.#min) this.#min = tokens;
    if (tokens > this.#max) this.#max = tokens;
    if (tokens > this.limit) this.#overLimit += 1;
    this.billedPerEpoch += Math.min(tokens, this.limit);
    const bucket = tokens <= 1 ? 0 : Math.ceil(Math.log2(tokens));
    while (this.#buckets.length <= bucket) this.#buckets.push(0);
    this.#buckets[bucket]! += 1;
  }

  state(): TokenStatsState {
    return {
      examples: this.#examples,
      total: this.#total,
      min: this.#min,
      max: this.#max,
      overLimit: this.#overLimit,
      buckets: this.#buckets,
      billedPerEpoch: this.billedPerEpoch,
    };
  }

  /** Adds the state of another builder (of a later batch of lines). */
  merge(other: TokenStatsState): void {
    this.#examples += other.examples;
    this.#total += other.total;
    if (other.min < this.#min) this.#min = other.min;
    if (other.max > this.#max) this.#max = other.max;
    this.#overLimit += other.overLimit;
    this.billedPerEpoch += other.billedPerEpoch;
    other.buckets.forEach((count, i) => {
      while (this.#buckets.length <= i) this.#buckets.push(0);
      this.#buckets[i]! += count;
    });
  }

  finish(encoding: string): TokenStats {
    return {
      encoding,
      examples: this.#examples,
      total: this.#total,
      min: this.#examples ? this.#min : 0,
      max: this.#max,
      mean: this.#examples ? Math.round(this.#total / this.#examples) : 0,
      distribution: this.#buckets.flatMap((examples, i) =>
        examples ? [{ upTo: 2 ** i, examples }] : [],
      ),
      limit: this.limit,
      overLimit: this.#overLimit,
    };
  }
}
