// What the local server remembers, kept in named collections that survive a restart when the server
// has a `dataDir`, and live in memory otherwise.
// Long because the durable store's on-disk design (below) is one piece: the journal, the snapshot
// and the collections built on them.
//
// HOW A NEW COLLECTION JOINS THE DURABLE STORE
//
//   Plain JSON values (uploads, webhook deliveries, deleted models…): one line in ServerState,
//
//       readonly uploads = this.store.collection<Upload>('uploads');
//
//   and use it as a Map (`get`, `has`, `set`, `delete`, `values()`, insertion order kept). `set` and
//   `delete` mark the record changed; a value changed in place needs `uploads.set(id, value)` again
//   or `uploads.touch(id)`. Large bytes (file contents, upload parts) do not belong in a record: write
//   them with a FileStore (file-store.ts, fsynced) BEFORE the record that names them is set.
//
//   Objects with behaviour (job simulations) pass a codec instead: `encode` to plain JSON, `decode`
//   back, and `version`, any value that changes whenever the object does (the store compares it at
//   each commit, so objects that change themselves, as jobs do when time passes, are written
//   without anyone calling `touch`). See ServerState's `jobs`.
//
//   Names are the records' identity on disk: never rename one. Records that no collection claims
//   are kept as they are (a dataDir written by a newer server loses nothing).
//
// ON DISK (dataDir/state/)
//
//   snapshot.json  every record, written to a temporary file, fsynced, then renamed over the last.
//   journal.jsonl  one line per commit: the records that request changed, `[name, id, value]`, or
//                  `[name, id]` for a deletion. Appended and fsynced BEFORE the answer is sent, so a
//                  kill -9 at any moment loses no change the server answered 2xx. A torn last line
//                  (a crash mid-write) was never answered and is dropped on load.
//   lock           the pid of the server using the dataDir: a second server is refused.
//
//   On open, the journal is folded into a new snapshot and emptied; it is folded again once it
//   passes COMPACT_BYTES. Replaying a journal over a snapshot that already holds it gives the same
//   records (each line holds whole values), so a crash between the rename and the truncation is safe.
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** How a collection turns its values into JSON and back, and tells that one has changed. */
export interface Codec<T> {
  encode(value: T): unknown;
  decode(data: unknown, id: string): T;
  /** Changes whenever the value does; compared at each commit. Without it, only `set`/`touch` count. */
  version?(value: T): unknown;
}

const plain: Codec<never> = { encode: (v) => v, decode: (d) => d as never };

/** Compact once the journal passes this many bytes. */
export const COMPACT_BYTES = 8 * 1024 * 1024;

/** A collection of records by id, in insertion order; a Map that tells the store what changed. */
export class Collection<T> {
  readonly name: string;
  readonly #values = new Map<string, T>();
  readonly #written = new Map<string, unknown>();
  readonly #dirty = new Set<string>();
  /** Deleted since the last commit (and perhaps set again, which moves them to the end). */
  readonly #removed = new Set<string>();
  readonly #codec: Codec<T>;
  /** In memory there is nothing to write, so nothing to track. */
  readonly #tracking: boolean;

  constructor(
    name: string,
    codec: Codec<T>,
    records: Map<string, unknown> | undefined,
    tracking: boolean,
  ) {
    this.name = name;
    this.#codec = codec;
    this.#tracking = tracking;
    for (const [id, data] of records ?? []) {
      const value = codec.decode(data, id);
      this.#values.set(id, value);
      if (codec.version) this.#written.set(id, codec.version(value));
    }
  }

  get size(): number {
    return this.#values.size;
  }
  get(id: string): T | undefined {
    return this.#values.get(id);
  }
  has(id: string): boolean {
    return this.#values.has(id);
  }
  set(id: string, value: T): this {
    this.#values.set(id, value);
    if (this.#tracking) this.#dirty.add(id);
    return this;
  }
  delete(id: string): boolean {
    const had = this.#values.delete(id);
    if (had && this.#tracking) {
      this.#dirty.add(id);
      this.#removed.add(id);
    }
    return had;
  }
  /** Marks a value changed in place. */
  touch(id: string): void {
    if (this.#tracking && this.#values.has(id)) this.#dirty.add(id);
  }
  values(): IterableIterator<T> {
    return this.#values.values();
  }
  keys(): IterableIterator<string> {
    return this.#values.keys();
  }
  entries(): IterableIterator<[string, T]> {
    return this.#values.entries();
  }
  [Symbol.iterator](): IterableIterator<[string, T]> {
    return this.#values.entries();
  }

  /** The changes since the last call, `[id, encoded]` or `[id]` for a deletion; clears them only on `done()`. */
  changes(): { records: Array<[string] | [string, unknown]>; done(): void } {
    const versions = new Map<string, unknown>();
    const { version } = this.#codec;
    if (version) {
      for (const [id, value] of this.#values) {
        const v = version(value);
        if (this.#written.get(id) !== v) {
          this.#dirty.add(id);
          versions.set(id, v);
        }
      }
    }
    const ids = [...this.#dirty];
    const records: Array<[string] | [string, unknown]> = [];
    // Deletions first (a record deleted and set again is deleted, then appended), then the values
    // in the Map's order: replayed, the records come back in the order the Map holds them.
    for (const id of ids) if (!this.#values.has(id) || this.#removed.has(id)) records.push([id]);
    if (ids.length) {
      for (const [id, value] of this.#values) {
        if (!this.#dirty.has(id)) continue;
        if (version && !versions.has(id)) versions.set(id, version(value));
        records.push([id, this.#codec.encode(value)]);
      }
    }
    return {
      records,
      done: () => {
        for (const id of ids) {
          this.#dirty.delete(id);
          this.#removed.delete(id);
          if (!this.#values.has(id)) this.#written.delete(id);
        }
        for (const [id, v] of versions) this.#written.set(id, v);
      },
    };
  }
}

type Records = Map<string, Map<string, unknown>>;
type Line = { r: Array<[string, string] | [string, string, unknown]> };

/** Thrown when another live server holds the dataDir. */
export class DataDirLockedError extends Error {}

/**
 * What Linux says of `pid` (`/proc/<pid>/stat`): its state letter and start time (clock ticks
 * since boot), or undefined where there is no /proc (then only `process.kill(pid, 0)` can tell).
 * `null` when /proc exists but has no such process.
 */
function procStat(pid: number): { state: string; start: string } | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const gone = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return gone && existsSync('/proc/self/stat') ? null : undefined;
  }
  // "pid (comm) state ppid … starttime …": comm may hold spaces and parentheses, so fields are
  // counted after its last ')'. state is field 3, starttime field 22.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', start: fields[19] ?? '' };
}

/** This process's identity as the lock records it: `<pid> <start time>` (start time where known). */
function lockOwner(): string {
  const start = procStat(process.pid)?.start;
  return start ? `${process.pid} ${start}` : String(process.pid);
}

/**
 * Whether the server that wrote a lock `<pid> [<start time>]` still runs. A zombie (killed, not
 * yet reaped by its parent: state Z or X) is dead, though `process.kill(pid, 0)` succeeds for it;
 * a live process with that pid but another start time is another program that reused the pid.
 */
function ownerAlive(pid: number, start: string | undefined): boolean {
  const stat = procStat(pid);
  if (stat === null) return false;
  if (stat) {
    if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return false;
    if (start && stat.start !== start) return false;
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function fsyncDir(dir: string): void {
  // Makes a rename or a new file durable. Some platforms cannot open a directory: then the rename
  // is as durable as the file system makes it.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Records in a snapshot file or a journal, applied in order. */
function apply(records: Records, line: Line['r']): void {
  for (const entry of line) {
    const [name, id] = entry;
    let collection = records.get(name);
    if (!collection) records.set(name, (collection = new Map()));
    if (entry.length === 2) collection.delete(id);
    else collection.set(id, entry[2]);
  }
}

export class Store {
  readonly #collections = new Map<string, Collection<unknown>>();
  /** What is on disk, encoded: the snapshot is written from it. Empty in memory. */
  readonly #records: Records = new Map();
  readonly #dir: string | undefined;
  readonly #compactBytes: number;
  #journal: number | undefined;
  #journalBytes = 0;
  #lock: string | undefined;

  private constructor(dir: string | undefined, compactBytes = COMPACT_BYTES) {
    this.#dir = dir;
    this.#compactBytes = compactBytes;
  }

  /** A store in memory: commits do nothing. */
  static memory(): Store {
    return new Store(undefined);
  }

  /** Opens (or creates) the store in `dir`, refusing it when another live server holds it. */
  static open(dir: string, options: { compactBytes?: number } = {}): Store {
    const store = new Store(dir, options.compactBytes);
    mkdirSync(dir, { recursive: true });
    store.#takeLock();
    try {
      store.#load();
      store.#compact();
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  get durable(): boolean {
    return this.#dir !== undefined;
  }

  /** The collection `name`, with the records the dataDir holds for it. Register each name once. */
  collection<T>(name: string, codec: Codec<T> = plain as Codec<T>): Collection<T> {
    if (this.#collections.has(name))
      throw new Error(`The store already has a collection '${name}'.`);
    const collection = new Collection<T>(name, codec, this.#records.get(name), this.durable);
    this.#collections.set(name, collection as Collection<unknown>);
    return collection;
  }

  /**
   * Writes every change since the last commit as one journal line and fsyncs it. Call before
   * answering; throws (the answer must then be an error) when the disk refuses.
   */
  commit(): void {
    if (this.#journal === undefined) return;
    const pending = [...this.#collections.values()].map((c) => ({ name: c.name, ...c.changes() }));
    const line: Line['r'] = [];
    for (const { name, records } of pending) {
      for (const record of records)
        line.push(record.length === 1 ? [name, record[0]] : [name, record[0], record[1]]);
    }
    if (line.length === 0) return;
    const bytes = Buffer.from(`${JSON.stringify({ r: line })}\n`);
    try {
      writeSync(this.#journal, bytes);
      fsyncSync(this.#journal);
    } catch (error) {
      // A half-written line must not stay in front of the next one.
      ftruncateSync(this.#journal, this.#journalBytes);
      throw error;
    }
    this.#journalBytes += bytes.byteLength;
    apply(this.#records, line);
    for (const p of pending) p.done();
    if (this.#journalBytes > this.#compactBytes) this.#compact();
  }

  /** Releases the dataDir (the journal is already on disk). */
  close(): void {
    if (this.#journal !== undefined) closeSync(this.#journal);
    this.#journal = undefined;
    if (this.#lock) rmSync(this.#lock, { force: true });
    this.#lock = undefined;
  }

  get #state(): string {
    return join(this.#dir!, 'state');
  }

  #takeLock(): void {
    const lock = join(this.#dir!, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, 'wx');
        writeSync(fd, lockOwner());
        closeSync(fd);
        this.#lock = lock;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const [owner, start] = readFileSync(lock, 'utf8').trim().split(/\s+/);
      const pid = Number(owner);
      if (Number.isInteger(pid) && pid > 0 && ownerAlive(pid, start)) {
        throw new DataDirLockedError(
          `startLocalServer: dataDir ${this.#dir} is in use by another local server (pid ${pid}${pid === process.pid ? ', this process' : ''}). ` +
            'Stop that server first, or give this one its own dataDir.',
        );
      }
      // The server that held it is gone (killed): its lock is stale.
      rmSync(lock, { force: true });
    }
    throw new DataDirLockedError(
      `startLocalServer: could not lock dataDir ${this.#dir}: another server took it at the same moment.`,
    );
  }

  #load(): void {
    mkdirSync(this.#state, { recursive: true });
    let snapshot: string | undefined;
    try {
      snapshot = readFileSync(join(this.#state, 'snapshot.json'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (snapshot !== undefined) {
      const parsed = JSON.parse(snapshot) as {
        collections: Record<string, Array<[string, unknown]>>;
      };
      for (const [name, records] of Object.entries(parsed.collections))
        this.#records.set(name, new Map(records));
    }
    let journal = '';
    try {
      journal = readFileSync(join(this.#state, 'journal.jsonl'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = journal.split('\n');
    for (const [i, text] of lines.entries()) {
      if (!text) continue;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch (error) {
        // Only the last line can be torn (it was being written when the server died, so it was
        // never answered); anything else is damage the server must not paper over.
        if (i === lines.length - 1) break;
        throw new Error(
          `startLocalServer: ${join(this.#state, 'journal.jsonl')} line ${i + 1} is damaged (${(error as Error).message}). Move the dataDir aside to start afresh.`,
        );
      }
      apply(this.#records, line.r);
    }
  }

  /** Writes every record to a new snapshot, then empties the journal. */
  #compact(): void {
    const collections = Object.fromEntries(
      [...this.#records].map(([name, records]) => [name, [...records]]),
    );
    const temporary = join(this.#state, 'snapshot.json.tmp');
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify({ version: 1, collections }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, join(this.#state, 'snapshot.json'));
    fsyncDir(this.#state);
    if (this.#journal === undefined) {
      this.#journal = openSync(join(this.#state, 'journal.jsonl'), 'a');
      fsyncDir(this.#state);
    }
    ftruncateSync(this.#journal, 0);
    fsyncSync(this.#journal);
    this.#journalBytes = fstatSync(this.#journal).size;
  }
}

/** Writes bytes durably: to a temporary file, fsynced, renamed into place. */
export function writeDurably(path: string, bytes: Uint8Array, dir: string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  fsyncDir(dir);
}
