// Everything the server remembers: files, Uploads and their parts, jobs (with their simulations),
// checkpoint permissions, legacy fine-tunes and the server's own clock and id counter, each a collection of the durable
// store (store.ts says how another collection joins). Handlers read and change it; jobs are brought
// up to date before each read; `commit()` writes what changed before the answer goes out.
import type { FineTuningCheckpointPermission, OpenAiFile } from '../../generated/types.gen.ts';
import { ManualClock, type Clock } from './clock.ts';
import { FileRegistry } from './file-registry.ts';
import type { FileStore } from './file-store.ts';
import type { Ids } from './ids.ts';
import {
  JobSimulation,
  type JobRecord,
  type SimulationContext,
  type Timing,
} from './job-simulation.ts';
import { LegacySimulation, type LegacyRecord } from './legacy-simulation.ts';
import type { Collection, Store } from './store.ts';

/** The server's own counters: the manual clock's time and the seeded id generator's draws. */
interface ServerRecord {
  now?: number;
  ids?: number;
}
import { UploadStore, type PartBytes } from './uploads.ts';
import { ModelStore } from './models.ts';

export class ServerState {
  readonly clock: Clock;
  readonly store: Store;
  readonly ids: Ids;
  readonly files: FileRegistry;
  /** Uploads (`/v1/uploads`) and their parts: one store object, a durable collection. */
  readonly uploads: UploadStore;
  readonly organization: string;
  readonly timing: Timing;
  readonly #jobs: Collection<JobSimulation>;
  /**
   * Other things that move on the server clock (eval runs, src/testing/evals.ts): brought up to it
   * with the jobs, and counted in `nextDue` so `settle()` and the webhook timer reach them.
   */
  readonly timed: Array<{ catchUp(now: number): void; nextDue(): number | undefined }> = [];
  /** Called when a job ends (the server sends its webhooks from here). */
  onJobEnd: SimulationContext['onEnd'];
  /** Per checkpoint name, oldest first. */
  readonly permissions: Collection<FineTuningCheckpointPermission[]>;
  readonly #legacy: Collection<LegacySimulation>;
  /** Base models, the models jobs made, and deletions (`/models`). */
  readonly models: ModelStore;
  // Open event streams wait on this: it settles when the clock is moved or a request changed
  // something, and a new one takes its place.
  #wake: () => void = () => {};
  #changed = this.#nextChange();

  /** `parts`: where accepted Upload parts are kept with a dataDir (in memory they stay spooled). */
  constructor(
    clock: Clock,
    store: Store,
    content: FileStore,
    ids: Ids,
    organization: string,
    timing: Timing,
    parts?: PartBytes,
  ) {
    this.clock = clock;
    this.store = store;
    this.ids = ids;
    this.organization = organization;
    this.timing = timing;
    // The clock and id counter first: the records below were made after them.
    const server = store.collection<ServerRecord>('server', {
      encode: (v) => v,
      decode: (d) => d as ServerRecord,
      version: () => `${clock instanceof ManualClock ? clock.now() : ''}:${ids.counter}`,
    });
    const saved = server.get('server');
    if (saved?.ids !== undefined) ids.counter = saved.ids;
    if (saved?.now !== undefined && clock instanceof ManualClock) clock.restore(saved.now);
    const live: ServerRecord = {};
    Object.defineProperties(live, {
      now: {
        enumerable: true,
        get: () => (clock instanceof ManualClock ? clock.now() : undefined),
      },
      ids: { enumerable: true, get: () => (ids.seed === undefined ? undefined : ids.counter) },
    });
    server.set('server', live);
    this.files = new FileRegistry(store.collection<OpenAiFile>('files'), content, clock, ids);
    this.uploads = new UploadStore(clock, store, parts);
    const ctx = this.simulation;
    this.#jobs = store.collection<JobSimulation>('jobs', {
      encode: (job) => job.snapshot(),
      decode: (data) => JobSimulation.restore(ctx, data as JobRecord),
      version: (job) => job.version,
    });
    this.permissions = store.collection<FineTuningCheckpointPermission[]>('permissions');
    this.#legacy = store.collection<LegacySimulation>('legacy-fine-tunes', {
      encode: (job) => job.snapshot(),
      decode: (data) => LegacySimulation.restore(ctx, data as LegacyRecord),
      version: (job) => job.version,
    });
    this.models = new ModelStore(
      organization,
      store.collection('models'),
      store.collection('models-deleted'),
    );
  }

  get simulation(): SimulationContext {
    return {
      files: this.files,
      timing: this.timing,
      organization: this.organization,
      ids: this.ids,
      onEnd: (job, at) => this.onJobEnd?.(job, at),
    };
  }

  /** Oldest first. */
  get jobs(): JobSimulation[] {
    return [...this.#jobs.values()];
  }

  /** Legacy fine-tunes (`/v1/fine-tunes`), oldest first. */
  get legacyJobs(): LegacySimulation[] {
    return [...this.#legacy.values()];
  }

  addJob(job: JobSimulation): void {
    this.#jobs.set(job.job.id, job);
  }

  /** Removes a job (Azure's DELETE /fine_tuning/jobs/{id}); false if there was none. */
  deleteJob(id: string): boolean {
    return this.#jobs.delete(id);
  }

  job(id: string): JobSimulation | undefined {
    const job = this.#jobs.get(id);
    if (job) this.#advance(job, this.clock.now());
    return job;
  }

  /** Brings a job up to `now` and records the models it made meanwhile. */
  #advance(job: JobSimulation, now: number): void {
    job.advanceTo(now);
    for (const c of job.checkpoints) this.models.add(c.fine_tuned_model_checkpoint, c.created_at);
    if (job.job.fine_tuned_model)
      this.models.add(job.job.fine_tuned_model, job.job.finished_at ?? job.job.created_at);
  }

  addLegacyJob(job: LegacySimulation): void {
    this.#legacy.set(job.job.id, job);
  }

  legacyJob(id: string): LegacySimulation | undefined {
    const job = this.#legacy.get(id);
    job?.advanceTo(this.clock.now());
    return job;
  }

  /**
   * Makes every change so far durable (a no-op in memory). Called before an answer goes out; throws
   * when the disk refuses, and the answer is then an error.
   */
  commit(): void {
    this.store.commit();
    this.files.sweep();
    this.uploads.sweep();
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
    for (const job of this.#jobs.values()) this.#advance(job, now);
    for (const job of this.#legacy.values()) job.advanceTo(now);
    for (const other of this.timed) other.catchUp(now);
  }

  /** The earliest moment any job changes by itself, or undefined when none will. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const job of [...this.#jobs.values(), ...this.#legacy.values()]) {
      const at = job.nextAt;
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    for (const other of this.timed) {
      const at = other.nextDue();
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
