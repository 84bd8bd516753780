// Everything the server remembers: files, jobs (with their simulations) and checkpoint
// permissions. Handlers read and change it; jobs are brought up to date before each read.
import type { FineTuningCheckpointPermission } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import { FileRegistry } from './file-registry.ts';
import type { FileStore } from './file-store.ts';
import { JobSimulation, type SimulationContext, type Timing } from './job-simulation.ts';
import type { LegacySimulation } from './legacy-simulation.ts';
import { UploadStore } from './uploads.ts';

export class ServerState {
  readonly clock: Clock;
  readonly files: FileRegistry;
  /** Uploads (`/v1/uploads`) and their parts: one store object. */
  readonly uploads: UploadStore;
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
  // Open event streams wait on this: it settles when the clock is moved or a request changed
  // something, and a new one takes its place.
  #wake: () => void = () => {};
  #changed = this.#nextChange();

  constructor(clock: Clock, store: FileStore, organization: string, timing: Timing) {
    this.clock = clock;
    this.files = new FileRegistry(store, clock);
    this.uploads = new UploadStore(clock);
    this.organization = organization;
    this.timing = timing;
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
    job?.advanceTo(this.clock.now());
    return job;
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
    for (const job of this.jobs) job.advanceTo(now);
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

  /** Whether a name is a checkpoint or fine-tuned model this server produced. */
  hasCheckpoint(name: string): boolean {
    this.catchUp();
    return this.jobs.some((j) => j.job.fine_tuned_model === name || j.checkpoints.some((c) => c.fine_tuned_model_checkpoint === name));
  }
}
