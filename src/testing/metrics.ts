// The training curve a simulated job reports: deterministic, with a loss that falls at every step
// and an accuracy that rises, so tests can assert on the trend.

export interface StepMetrics {
  step: number;
  train_loss: number;
  train_mean_token_accuracy: number;
  valid_loss?: number;
  valid_mean_token_accuracy?: number;
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

export function metricsAt(step: number, total: number, withValidation: boolean): StepMetrics {
  const progress = Math.exp((-4 * step) / total);
  const train_loss = round(0.12 + 2.2 * progress);
  const train_mean_token_accuracy = round(0.97 - 0.5 * progress);
  if (!withValidation) return { step, train_loss, train_mean_token_accuracy };
  return {
    step,
    train_loss,
    train_mean_token_accuracy,
    valid_loss: round(train_loss * 1.08 + 0.02),
    valid_mean_token_accuracy: round(train_mean_token_accuracy - 0.02),
  };
}

/** The result file's CSV: one row per step, in the columns the API's `step_metrics.csv` uses. */
export function toCsv(rows: readonly StepMetrics[]): string {
  const header = 'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy';
  const lines = rows.map((r) =>
    [
      r.step,
      r.train_loss,
      r.train_mean_token_accuracy,
      r.valid_loss ?? '',
      r.valid_mean_token_accuracy ?? '',
    ].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
