// The state of `jobs follow` and its two renderings: a frame redrawn in place on a terminal, and
// one plain line per update when stdout is a pipe or a file.
import { etaMs, etaText, progressBar, type StepSample } from '../format/bar.ts';
import { lossChart, type Point } from '../format/chart.ts';
import { stamp } from '../format/time.ts';
import type { FollowUpdate, JobProgress } from '../sdk/follow.ts';

export interface FollowState {
  jobId: string;
  model: string | undefined;
  progress: JobProgress | undefined;
  train: Point[];
  valid: Point[];
  /** When each new step was seen by this process, for the ETA. */
  samples: StepSample[];
  lastMessage: string | undefined;
}

const MAX_POINTS = 5000;

export function initialState(jobId: string): FollowState {
  return {
    jobId,
    model: undefined,
    progress: undefined,
    train: [],
    valid: [],
    samples: [],
    lastMessage: undefined,
  };
}

const cap = <T>(xs: T[]) => (xs.length > MAX_POINTS ? xs.slice(xs.length - MAX_POINTS) : xs);

export function reduce(state: FollowState, update: FollowUpdate, now: number): FollowState {
  const next: FollowState = { ...state, model: update.job.model, progress: update.progress };
  if (update.type === 'status') return next;
  const { event, progress } = update;
  next.lastMessage = event.message;
  const data =
    event.type === 'metrics' ? (event.data as Record<string, unknown> | undefined) : undefined;
  const step = typeof data?.step === 'number' ? data.step : undefined;
  if (step !== undefined) {
    if (typeof data?.train_loss === 'number')
      next.train = cap([...state.train, { step, value: data.train_loss }]);
    const valid =
      typeof data?.full_valid_loss === 'number' ? data.full_valid_loss : data?.valid_loss;
    if (typeof valid === 'number') next.valid = cap([...state.valid, { step, value: valid }]);
    if (
      state.samples[state.samples.length - 1]?.step !== progress.step &&
      progress.step !== undefined
    ) {
      next.samples = cap([...state.samples, { step: progress.step, at: now }]);
    }
  }
  return next;
}

const fixed = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(4));

/** The live frame, every line cut to `columns` so that redrawing in place stays aligned. */
export function renderFrame(
  state: FollowState,
  o: { columns: number; now: number; chartHeight?: number },
): string[] {
  const p = state.progress;
  const status = p?.status ?? 'connecting';
  const lines = [`${state.jobId}  ${status}${state.model ? `  ${state.model}` : ''}`];
  const barWidth = Math.max(10, Math.min(40, o.columns - 40));
  const eta =
    status === 'running'
      ? `  ${etaText(etaMs(state.samples, p?.totalSteps, o.now, p?.estimatedFinish))}`
      : '';
  lines.push(`${progressBar(p?.step, p?.totalSteps, barWidth)}${eta}`);
  // Validation loss is reported every few steps only: show the last one seen, not a blank.
  lines.push(
    `train loss ${fixed(p?.trainLoss)}   valid loss ${fixed(p?.fullValidLoss ?? p?.validLoss ?? state.valid.at(-1)?.value)}`,
  );
  lines.push(
    ...lossChart(state.train, state.valid, {
      width: Math.min(o.columns, 100),
      height: o.chartHeight ?? 10,
    }),
  );
  if (state.lastMessage) lines.push(`latest: ${state.lastMessage}`);
  return lines.map((l) =>
    l.length > o.columns ? `${l.slice(0, Math.max(1, o.columns - 1))}…` : l,
  );
}

/** One line per update for pipes: a timestamp, then the status change or the event. */
export function plainLine(update: FollowUpdate): string {
  if (update.type === 'status') {
    const from = update.previous ? `${update.previous} -> ` : '';
    return `${stamp(Math.floor(Date.now() / 1000))}  status  ${from}${update.status}`;
  }
  const e = update.event;
  const data = e.type === 'metrics' ? (e.data as Record<string, unknown> | undefined) : undefined;
  if (data && typeof data.step === 'number') {
    const total = update.progress.totalSteps ? `/${update.progress.totalSteps}` : '';
    const metrics = ['train_loss', 'valid_loss', 'full_valid_loss']
      .filter((k) => typeof data[k] === 'number')
      .map((k) => `${k}=${(data[k] as number).toFixed(4)}`);
    return `${stamp(e.created_at)}  step    ${data.step}${total} ${metrics.join(' ')}`.trimEnd();
  }
  return `${stamp(e.created_at)}  ${e.level.padEnd(6)}  ${e.message}`;
}
