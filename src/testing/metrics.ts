// The training curve a simulated job reports. Deterministic (a job's seed fixes its noise) and
// shaped by the job's hyperparameters, so an offline sweep shows different curves and a best that
// means something:
// - the learning-rate multiplier sets how fast the loss falls and how low the training loss goes,
//   and how much the validation loss climbs back once the job trains past about 1.5 epochs
//   (overfitting), so a middling rate ends with the lowest validation loss;
// - the batch size damps the step-to-step noise (a larger batch averages more examples) and slows
//   progress per epoch a little;
// - the epochs decide how far along that curve the job ends.
// The rows have the columns of a real job's `step_metrics.csv`: a training batch's loss and token
// accuracy at every step, a validation batch's at every step when there is a validation file, and
// the full validation set's at the end of each epoch only.

export interface StepMetrics {
  step: number;
  train_loss: number;
  train_mean_token_accuracy: number;
  valid_loss?: number;
  valid_mean_token_accuracy?: number;
  full_valid_loss?: number;
  full_valid_mean_token_accuracy?: number;
}

/** What shapes a job's curve. */
export interface CurveShape {
  totalSteps: number;
  stepsPerEpoch: number;
  learningRateMultiplier: number;
  batchSize: number;
  /** The job's `seed`: the same seed gives the same noise. */
  seed: number;
  withValidation: boolean;
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;
const START_LOSS = 2.3;

/** A number in [-1, 1] from (seed, step, stream): a 32-bit integer hash, no state. */
function noise(seed: number, step: number, stream: number): number {
  let h = (seed ^ Math.imul(step + 1, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

/** The loss without noise after `epochs` passes over the data (training and held-out). */
export function cleanLoss(
  epochs: number,
  lr: number,
  batchSize: number,
): { train: number; valid: number } {
  const rate = Math.max(lr, 1e-3);
  const speed = (1.5 * rate ** 0.75) / (1 + 0.1 * Math.log2(Math.max(1, batchSize)));
  const floor = 0.15 / (1 + 0.5 * rate) + 0.08 * Math.max(0, rate - 4) ** 2;
  const train = floor + (START_LOSS - floor) * Math.exp(-speed * epochs);
  const overfit = 0.04 * rate ** 1.5 * Math.log1p(Math.max(0, epochs - 1.5));
  return { train, valid: train * 1.05 + 0.04 + overfit };
}

/** Token accuracy falls as the loss rises: about 0.5 at the start, 0.97 near a loss of 0.1. */
const accuracy = (loss: number) => Math.min(1, Math.max(0, 0.995 - 0.215 * Math.min(loss, 2.3)));

export function metricsAt(step: number, shape: CurveShape): StepMetrics {
  const epochs = step / Math.max(1, shape.stepsPerEpoch);
  const clean = cleanLoss(epochs, shape.learningRateMultiplier, shape.batchSize);
  const spread = 0.22 / Math.sqrt(Math.max(1, shape.batchSize));
  const train_loss = round(clean.train * (1 + spread * noise(shape.seed, step, 0)));
  const row: StepMetrics = {
    step,
    train_loss,
    train_mean_token_accuracy: round(accuracy(train_loss)),
  };
  if (!shape.withValidation) return row;
  const valid_loss = round(clean.valid * (1 + spread * noise(shape.seed, step, 1)));
  row.valid_loss = valid_loss;
  row.valid_mean_token_accuracy = round(accuracy(valid_loss));
  const endOfEpoch = step % Math.max(1, shape.stepsPerEpoch) === 0 || step === shape.totalSteps;
  if (endOfEpoch) {
    row.full_valid_loss = round(clean.valid);
    row.full_valid_mean_token_accuracy = round(accuracy(clean.valid));
  }
  return row;
}

/** The result file's columns, in the order a real job's `step_metrics.csv` has them. */
export const RESULT_COLUMNS = [
  'step',
  'train_loss',
  'train_accuracy',
  'valid_loss',
  'valid_mean_token_accuracy',
  'train_mean_token_accuracy',
  'full_valid_loss',
  'full_valid_mean_token_accuracy',
] as const;

/** The result file's CSV: one row per step; a value a step has not measured is left empty. */
export function toCsv(rows: readonly StepMetrics[]): string {
  const lines = rows.map((r) =>
    [
      r.step,
      r.train_loss,
      r.train_mean_token_accuracy,
      r.valid_loss ?? '',
      r.valid_mean_token_accuracy ?? '',
      r.train_mean_token_accuracy,
      r.full_valid_loss ?? '',
      r.full_valid_mean_token_accuracy ?? '',
    ].join(','),
  );
  return `${[RESULT_COLUMNS.join(','), ...lines].join('\n')}\n`;
}
