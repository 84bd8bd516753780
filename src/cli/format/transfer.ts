// The upload progress line: bytes sent of the total, a bar, MB/s and the time left.
import { duration } from './time.ts';

const MB = 1024 * 1024;

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MB) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * MB) return `${(n / MB).toFixed(1)} MB`;
  return `${(n / 1024 / MB).toFixed(2)} GB`;
}

/** `[████░░░░] 120.0 MB / 1.00 GB  12%  48.2 MB/s  ETA 18s`, from the bytes sent over `elapsedMs`. */
export function transferLine(
  sent: number,
  total: number | undefined,
  elapsedMs: number,
  width = 24,
): string {
  const rate = elapsedMs > 0 ? sent / (elapsedMs / 1000) : 0;
  const speed = `${(rate / MB).toFixed(1)} MB/s`;
  if (!total) return `${bytesText(sent)}  ${speed}`;
  const fraction = Math.min(1, sent / total);
  const filled = Math.round(fraction * width);
  const eta =
    rate > 0 && sent < total
      ? `ETA ${duration(((total - sent) / rate) * 1000)}`
      : sent >= total
        ? 'done'
        : 'ETA unknown';
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${bytesText(sent)} / ${bytesText(total)}  ${Math.floor(fraction * 100)}%  ${speed}  ${eta}`;
}
