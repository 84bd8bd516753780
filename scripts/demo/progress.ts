// The demo's progress display: one line per event, and a bar for the training steps that redraws
// in place on a terminal (and prints every quarter otherwise, so logs stay short).
import type { FineTuningJobEvent } from '../../src/index.ts';

export class Progress {
  readonly #tty = Boolean(process.stdout.isTTY);
  #barShown = false;
  #lastQuarter = -1;

  event(event: FineTuningJobEvent): void {
    const data = event.data as
      | { step?: number; total_steps?: number; train_loss?: number }
      | undefined;
    if (event.type === 'metrics' && data?.step && data.total_steps)
      return this.#bar(data.step, data.total_steps, data.train_loss);
    this.#endBar();
    console.log(`  ${event.level === 'error' ? '✗' : '·'} ${event.message}`);
  }

  status(status: string): void {
    this.#endBar();
    console.log(`  → status: ${status}`);
  }

  #bar(step: number, total: number, loss: number | undefined): void {
    const width = 30;
    const filled = Math.round((step / total) * width);
    const line = `  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] step ${step}/${total}  loss ${loss?.toFixed(4) ?? '?'}`;
    if (this.#tty) {
      process.stdout.write(`\r${line}`);
      this.#barShown = true;
      return;
    }
    const quarter = Math.floor((step / total) * 4);
    if (quarter !== this.#lastQuarter) {
      this.#lastQuarter = quarter;
      console.log(line);
    }
  }

  #endBar(): void {
    if (this.#barShown) process.stdout.write('\n');
    this.#barShown = false;
  }
}
