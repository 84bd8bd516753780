// Running token statistics in constant memory: totals, extremes and a power-of-two histogram
// instead of a list of every example's count.
import { ESTIMATE_REASONS, type EstimateReason } from './estimates.ts';
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
  /** Examples whose count is an estimate, and per reason (index = the reason's bit). */
  estimated: number;
  reasons: number[];
}

export class TokenStatsBuilder {
  #examples = 0;
  #total = 0;
  #min = Infinity;
  #max = 0;
  #overLimit = 0;
  #buckets: number[] = [];
  #estimated = 0;
  #reasons: number[] = ESTIMATE_REASONS.map(() => 0);
  /** Tokens billed per epoch: the API truncates an example at the limit, so it bills at most that. */
  billedPerEpoch = 0;

  constructor(readonly limit: number) {}

  /** Adds an example; `estimate` holds the bits of the reasons its count is an estimate. */
  add(tokens: number, estimate = 0): void {
    this.#examples += 1;
    if (estimate !== 0) {
      this.#estimated += 1;
      for (let i = 0; i < this.#reasons.length; i++)
        if (estimate & (1 << i)) this.#reasons[i]! += 1;
    }
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
      estimated: this.#estimated,
      reasons: this.#reasons,
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
    this.#estimated += other.estimated;
    other.reasons.forEach((count, i) => {
      this.#reasons[i]! += count;
    });
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
      estimated: {
        examples: this.#estimated,
        reasons: Object.fromEntries(
          ESTIMATE_REASONS.flatMap((reason, i) =>
            this.#reasons[i] ? [[reason, this.#reasons[i]]] : [],
          ),
        ) as Partial<Record<EstimateReason, number>>,
      },
    };
  }
}
