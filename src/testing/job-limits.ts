// The API's caps on fine-tuning jobs, settable on the local server for tests: how many jobs may be
// active (validating, queued, running or paused) per base model at once, and how many may be
// created per model in 24 hours of server time. Off unless set.
import { HttpError } from './errors.ts';
import type { ServerState } from './state.ts';

/** `startLocalServer({ jobLimits })` and `server.setJobLimits()`. */
export interface JobLimits {
  /** Jobs active at once per base model; a create beyond it answers 429. @default no limit */
  activePerModel?: number | undefined;
  /** Jobs created per base model in 24 hours of server time; beyond it 429 `daily_rate_limit_exceeded`. @default no limit */
  perDay?: number | undefined;
}

const LIMITS = new WeakMap<ServerState, JobLimits>();
const DAY_MS = 24 * 60 * 60 * 1000;
const ACTIVE = new Set(['validating_files', 'queued', 'running', 'paused']);

/** Sets (replaces) a server's job limits; throws RangeError on a limit that is not a whole number ≥ 0. */
export function setJobLimits(state: ServerState, limits: JobLimits = {}): void {
  for (const [name, value] of Object.entries(limits)) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      throw new RangeError(`jobLimits.${name} must be a whole number ≥ 0, got ${value}.`);
  }
  LIMITS.set(state, { ...limits });
}

const baseOf = (model: string) => (model.startsWith('ft:') ? model.split(':')[1]! : model);

/** Throws the API's 429 when creating a job of `model` now would pass a limit. */
export function checkJobLimits(state: ServerState, model: string): void {
  const limits = LIMITS.get(state);
  if (!limits) return;
  const base = baseOf(model);
  state.catchUp();
  const now = state.clock.now();
  const same = state.jobs.filter((j) => baseOf(j.job.model) === base);
  if (
    limits.perDay !== undefined &&
    same.filter((j) => j.job.created_at * 1000 > now - DAY_MS).length >= limits.perDay
  ) {
    // The words, type and code of a real answer (../shared/real-traffic/issue__johny-b_llmcomp_58.json).
    throw new HttpError(
      429,
      `This fine-tune request has been rate-limited. Your organization has reached the maximum of ${limits.perDay} fine-tuning requests per day for the model '${base}'.`,
      { type: 'invalid_request_error', param: null, code: 'daily_rate_limit_exceeded' },
    );
  }
  if (
    limits.activePerModel !== undefined &&
    same.filter((j) => ACTIVE.has(j.job.status)).length >= limits.activePerModel
  ) {
    throw new HttpError(
      429,
      `This fine-tune request has been rate-limited. Your organization has reached the maximum of ${limits.activePerModel} active fine-tuning jobs for the model '${base}'; wait for one to finish.`,
      { type: 'invalid_request_error', param: null, code: 'rate_limit_exceeded' },
    );
  }
}
