// Messages per example, counted in constant memory (a histogram by message count), and which
// examples have a system message: the data-preparation checks of OpenAI's cookbook that look
// across examples.
import type { MessageStats } from './report.ts';

/** A builder's state, plain data so it can cross threads and be merged in order. */
export interface MessageStatsState {
  /** histogram[n] = valid examples with n messages. */
  histogram: number[];
  withSystem: number;
  withoutSystem: number;
  /** Line of the first example without a system message (relative to the batch), 0 for none. */
  firstWithout: number;
}

const hasSystem = (messages: unknown[]): boolean =>
  messages.some((m) => {
    const role = (m as { role?: unknown } | null)?.role;
    return role === 'system' || role === 'developer';
  });

export class MessageStatsBuilder {
  readonly state: MessageStatsState = {
    histogram: [],
    withSystem: 0,
    withoutSystem: 0,
    firstWithout: 0,
  };

  add(line: number, messages: unknown[]): void {
    const s = this.state;
    const n = messages.length;
    while (s.histogram.length <= n) s.histogram.push(0);
    s.histogram[n]! += 1;
    if (hasSystem(messages)) s.withSystem += 1;
    else {
      s.withoutSystem += 1;
      if (s.firstWithout === 0) s.firstWithout = line;
    }
  }

  /** Adds a later batch's state; its lines start after `lineOffset`. */
  merge(other: MessageStatsState, lineOffset: number): void {
    const s = this.state;
    other.histogram.forEach((examples, n) => {
      while (s.histogram.length <= n) s.histogram.push(0);
      s.histogram[n]! += examples;
    });
    s.withSystem += other.withSystem;
    s.withoutSystem += other.withoutSystem;
    if (s.firstWithout === 0 && other.firstWithout !== 0)
      s.firstWithout = other.firstWithout + lineOffset;
  }

  finish(): MessageStats {
    const { histogram, withSystem, withoutSystem } = this.state;
    const examples = withSystem + withoutSystem;
    let total = 0;
    let min = 0;
    let max = 0;
    const distribution: MessageStats['distribution'] = [];
    histogram.forEach((count, messages) => {
      if (!count) return;
      if (distribution.length === 0) min = messages;
      max = messages;
      total += count * messages;
      distribution.push({ messages, examples: count });
    });
    return {
      examples,
      min,
      max,
      mean: examples ? Math.round((total / examples) * 100) / 100 : 0,
      distribution,
      withSystem,
    };
  }
}
