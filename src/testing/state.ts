// Everything the server remembers: files, jobs (with their simulations) and checkpoint
// permissions. Handlers read and change it; jobs are brought up to date before each read.
import type { FineTuningCheckpointPermission } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import { FileRegistry } from './file-registry.ts';
import type { FileStore } from './file-store.ts';
import { JobSimulation, type SimulationContext, type Timing } from './job-simulation.ts';

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

  constructor(clock: Clock, store: FileStore, organization: string, timing: Timing) {
    this.clock = clock;
    this.files = new FileRegistry(store, clock);
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

  /** Brings every job up to the clock. */
  catchUp(): void {
    const now = this.clock.now();
    for (const job of this.jobs) job.advanceTo(now);
  }

  /** The earliest moment any job changes by itself, or undefined when none will. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const job of this.jobs) {
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
