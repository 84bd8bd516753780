// Everything the server remembers: files, jobs (with their simulations) and checkpoint
// permissions. Handlers read and change it; jobs are brought up to date before each read.
import type { FineTuningCheckpointPermission } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import { FileRegistry } from './file-registry.ts';
import type { FileStore } from './file-store.ts';
import { JobSimulation, type SimulationContext, type Timing } from './job-simulation.ts';
import type { LegacySimulation } from './legacy-simulation.ts';
import { ModelStore } from './models.ts';

export class ServerState {
  readonly clock: Clock;
  readonly files: FileRegistry;
  readonly organization: string;
  readonly timing: Timing;
  /** Oldest first. */
  readonly jobs: JobSimulation[] = [];
  readonly #jobsById = new Map<string, JobSimulation>();
  /** Per checkpoint name, oldest first. */
  readonly permissions = new Map<string, FineTuningCheckpointPermission[]>();
  /** Legacy fine-tunes (`/v1/fine-tunes`), oldest first. */
  readonly legacyJobs: LegacySimulation[] = [];
  readonly #legacyById = new Map<string, LegacySimulation>();
  /** Base models, the models jobs made, and deletions (`/models`). */
  readonly models: ModelStore;
  // Open event streams wait on this: it settles when the clock is moved or a request changed
  // something, and a new one takes its place.
  #wake: () => void = () => {};
  #changed = this.#nextChange();

  constructor(clock: Clock, store: FileStore, organization: string, timing: Timing) {
    this.clock = clock;
    this.files = new FileRegistry(store, clock);
    this.organization = organization;
    this.timing = timing;
    this.models = new ModelStore(organization);
  }

  get simulation(): SimulationContext {
    return { files: this.files, timing: this.timing, organization: this.organization };
  }

  addJob(job: JobSimulation): void {
    this.jobs.push(job);
    this.#jobsById.set(job.job.id, job);
  }

  job(id: string): JobSimulation | undefined {
    const job = this.#jobsById.get(id);
    if (job) this.#advance(job, this.clock.now());
    return job;
  }

  /** Brings a job up to `now` and records the models it made meanwhile. */
  #advance(job: JobSimulation, now: number): void {
    job.advanceTo(now);
    for (const c of job.checkpoints) this.models.add(c.fine_tuned_model_checkpoint, c.created_at);
    if (job.job.fine_tuned_model) this.models.add(job.job.fine_tuned_model, job.job.finished_at ?? job.job.created_at);
  }

  addLegacyJob(job: LegacySimulation): void {
    this.legacyJobs.push(job);
    this.#legacyById.set(job.job.id, job);
  }

  legacyJob(id: string): LegacySimulation | undefined {
    const job = this.#legacyById.get(id);
    job?.advanceTo(this.clock.now());
    return job;
  }

  /** Settles when something may have changed (see `notify`). */
  changed(): Promise<void> {
    return this.#changed;
  }

  /** Wakes the open event streams: the clock moved or a request was answered. */
  notify(): void {
    this.#wake();
    this.#changed = this.#nextChange();
  }

  // Promise.withResolvers is not in Node 20.
  #nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** Brings every job up to the clock. */
  catchUp(): void {
    const now = this.clock.now();
    for (const job of this.jobs) this.#advance(job, now);
    for (const job of this.legacyJobs) job.advanceTo(now);
  }

  /** The earliest moment any job changes by itself, or undefined when none will. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const job of [...this.jobs, ...this.legacyJobs]) {
      const at = job.nextAt;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Whether a name is a checkpoint or fine-tuned model this server produced (and not deleted). */
  hasCheckpoint(name: string): boolean {
    this.catchUp();
    return name.startsWith('ft:') && this.models.get(name) !== undefined;
  }
}
