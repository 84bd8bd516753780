// The progress bar and its time estimate.
import { duration } from './time.ts';

/** `[██████░░░░░░] 120/300  40%`; without a total, the step alone. */
export function progressBar(
  step: number | undefined,
  total: number | undefined,
  width = 30,
): string {
  if (step === undefined) return `[${'░'.repeat(width)}] waiting for the first step`;
  if (!total) return `step ${step}`;
  const fraction = Math.min(1, Math.max(0, step / total));
  const filled = Math.round(fraction * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${step}/${total}  ${Math.floor(fraction * 100)}%`;
}

const MB = 2 ** 20;

/**
 * One line of byte progress: `[██████░░░░] 120.0/500.0 MB  24%  48.2 MB/s  ETA 8s  301,234 lines`;
 * without a total, the bytes, rate and lines alone.
 */
export function byteProgressLine(
  p: { bytes: number; totalBytes?: number | undefined; lines: number },
  elapsedMs: number,
  width = 24,
): string {
  const rate = elapsedMs > 0 ? p.bytes / MB / (elapsedMs / 1000) : 0;
  const tail = `${rate.toFixed(1)} MB/s  ${p.lines.toLocaleString('en-US')} lines`;
  if (!p.totalBytes) return `${(p.bytes / MB).toFixed(1)} MB  ${tail}`;
  const fraction = Math.min(1, Math.max(0, p.bytes / p.totalBytes));
  const filled = Math.round(fraction * width);
  const eta =
    rate > 0 ? etaText(((p.totalBytes - p.bytes) / MB / rate) * 1000) : etaText(undefined);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(p.bytes / MB).toFixed(1)}/${(p.totalBytes / MB).toFixed(1)} MB  ${Math.floor(fraction * 100)}%  ${rate.toFixed(1)} MB/s  ${eta}  ${p.lines.toLocaleString('en-US')} lines`;
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
export function etaMs(
  samples: readonly StepSample[],
  total: number | undefined,
  now: number,
  estimatedFinish?: Date,
): number | undefined {
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
