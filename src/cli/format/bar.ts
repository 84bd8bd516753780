// The progress bar and its time estimate.
import { duration } from './time.ts';

/** `[██████░░░░░░] 120/300  40%`; without a total, the step alone. */
export function progressBar(step: number | undefined, total: number | undefined, width = 30): string {
  if (step === undefined) return `[${'░'.repeat(width)}] waiting for the first step`;
  if (!total) return `step ${step}`;
  const fraction = Math.min(1, Math.max(0, step / total));
  const filled = Math.round(fraction * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${step}/${total}  ${Math.floor(fraction * 100)}%`;
}

export interface StepSample {
  step: number;
  /** Milliseconds (any epoch, the same for every sample). */
  at: number;
}

/**
 * Milliseconds left, from the pace between the first and the last sample seen; undefined until
 * two samples with different steps exist. The job's own `estimated_finish` wins when it has one.
 */
export function etaMs(samples: readonly StepSample[], total: number | undefined, now: number, estimatedFinish?: Date): number | undefined {
  if (estimatedFinish) return Math.max(0, estimatedFinish.getTime() - now);
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || !total || last.step <= first.step || last.at <= first.at) return undefined;
  const perStep = (last.at - first.at) / (last.step - first.step);
  return Math.max(0, (total - last.step) * perStep);
}

export function etaText(ms: number | undefined): string {
  return ms === undefined ? 'ETA unknown' : `ETA ${duration(ms)}`;
}
