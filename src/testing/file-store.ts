// Uploaded file contents: in memory by default, or one file per upload in a directory
// (`dataDir/files`), written durably (fsynced, then renamed into place) before the server answers.
// Incoming bodies are spooled as they arrive (see spool()): to a file under `dataDir/.spool`, so
// the server's memory does not grow with an upload, or to a list of chunks in memory, so the bytes
// are held about once.
// Long because the memory and the directory backings and the spooling of bodies answer one
// interface and share the durability rules.
import {
  createReadStream,
  createWriteStream,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { randomId } from './ids.ts';
import { fsyncDir, writeDurably } from './store.ts';

/** Bytes received and set aside until a handler decides what they become. */
export interface Spooled {
  readonly size: number;
  /** The bytes, in order, chunk by chunk (read again on each call). */
  chunks(): AsyncIterable<Uint8Array>;
  /** Frees them (deletes the spool file). */
  discard(): void;
  /** The spool file, when the bytes are in one (a directory store can move it into place). */
  readonly path?: string;
}

/** Where an incoming body is written while it arrives. */
export interface Spool {
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<Spooled>;
  /** Gives up: frees what was written. */
  abort(): void;
}

export interface FileStore {
  put(id: string, content: Uint8Array): void;
  get(id: string): Uint8Array | undefined;
  delete(id: string): void;
  /** A new spool for an incoming body. */
  spool(): Spool;
  /** Stores `size` bytes given chunk by chunk as the content of `id`. */
  putFrom(id: string, chunks: AsyncIterable<Uint8Array>, size: number): Promise<void>;
  /** Stores spooled bytes as the content of `id`, moving rather than copying them when it can. */
  adopt(id: string, spooled: Spooled): Promise<void>;
  /**
   * Stores the bytes of `parts`, in order, as the content of `id`, linking rather than copying them
   * when it can. The parts stay as they are (their owner frees them).
   */
  adoptParts(id: string, parts: readonly Spooled[], size: number): Promise<void>;
}

/** The bytes of several spooled parts, in order. */
async function* inOrder(parts: readonly Spooled[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield* part.chunks();
}

export class MemoryFileStore implements FileStore {
  readonly #contents = new Map<string, Uint8Array>();
  put(id: string, content: Uint8Array): void {
    this.#contents.set(id, content);
  }
  get(id: string): Uint8Array | undefined {
    return this.#contents.get(id);
  }
  delete(id: string): void {
    this.#contents.delete(id);
  }
  spool(): Spool {
    let parts: Uint8Array[] = [];
    let size = 0;
    return {
      write: async (chunk) => {
        parts.push(chunk);
        size += chunk.byteLength;
      },
      end: async () => {
        const held = parts;
        return {
          size,
          chunks: async function* () {
            yield* held;
          },
          discard: () => {
            held.length = 0;
          },
        };
      },
      abort: () => {
        parts = [];
      },
    };
  }
  async putFrom(id: string, chunks: AsyncIterable<Uint8Array>, size: number): Promise<void> {
    // One allocation of the final size; the spooled chunks can be freed as they are copied.
    const content = new Uint8Array(size);
    let at = 0;
    for await (const chunk of chunks) {
      content.set(chunk, at);
      at += chunk.byteLength;
    }
    this.#contents.set(id, at === size ? content : content.subarray(0, at));
  }
  async adopt(id: string, spooled: Spooled): Promise<void> {
    await this.putFrom(id, spooled.chunks(), spooled.size);
    spooled.discard();
  }
  adoptParts(id: string, parts: readonly Spooled[], size: number): Promise<void> {
    return this.putFrom(id, inOrder(parts), size);
  }
}

// Writes without waiting for each write to reach the disk (that would be one round trip to the
// thread pool per chunk); waits only when the stream's buffer is full. A write error is kept and
// thrown by the next write or by close.
const failures = new WeakMap<WriteStream, Error>();
function writeTo(stream: WriteStream, chunk: Uint8Array): Promise<void> {
  if (!failures.has(stream) && stream.listenerCount('error') === 0)
    stream.on('error', (error) => failures.set(stream, error));
  const failed = failures.get(stream);
  if (failed) return Promise.reject(failed);
  if (stream.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      const error = failures.get(stream);
      if (error) reject(error);
      else resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) =>
    stream.end((error?: Error | null) => {
      const failed = error ?? failures.get(stream);
      if (failed) reject(failed);
      else resolve();
    }),
  );
}

/**
 * fsyncFile off the event loop (on the thread pool): flushing a large file takes seconds, and other
 * requests (the other parts of an Upload) keep streaming meanwhile.
 */
async function fsyncFileAsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const SPOOL_BATCH_BYTES = 1 << 20;

export class DirectoryFileStore implements FileStore {
  readonly #dir: string;
  readonly #spoolDir: string;
  /** `spoolDir` must be on the same file system as `dir`, so a spooled body is moved, not copied. */
  constructor(dir: string, spoolDir = join(dir, '.spool')) {
    this.#dir = dir;
    this.#spoolDir = spoolDir;
    mkdirSync(dir, { recursive: true });
    // What a crash left half-received is no one's: start with an empty spool, and without the
    // temporary files (`<id>.tmp`) of contents that were never renamed into place.
    rmSync(spoolDir, { recursive: true, force: true });
    for (const name of readdirSync(dir))
      if (name.endsWith('.tmp')) rmSync(join(dir, name), { recursive: true, force: true });
  }
  put(id: string, content: Uint8Array): void {
    writeDurably(join(this.#dir, id), content, this.#dir);
  }
  get(id: string): Uint8Array | undefined {
    const path = join(this.#dir, id);
    try {
      return new Uint8Array(readFileSync(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR') return undefined;
    }
    // Content made of parts (adoptParts): a directory of part files, in the order of their names.
    try {
      const names = readdirSync(path).sort((a, b) => Number(a) - Number(b));
      return new Uint8Array(Buffer.concat(names.map((name) => readFileSync(join(path, name)))));
    } catch {
      return undefined;
    }
  }
  delete(id: string): void {
    rmSync(join(this.#dir, id), { force: true, recursive: true });
  }
  spool(): Spool {
    mkdirSync(this.#spoolDir, { recursive: true });
    const path = join(this.#spoolDir, randomId('spool-'));
    const stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    let size = 0;
    const discard = () => {
      stream.destroy();
      rmSync(path, { force: true });
    };
    // Chunks are written a batch at a time (one writev per MB, not one write per chunk).
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    const flush = (): Promise<void> => {
      if (held.length === 0) return Promise.resolve();
      stream.cork();
      const last = held.pop()!;
      for (const chunk of held) stream.write(chunk);
      held = [];
      heldBytes = 0;
      const written = writeTo(stream, last);
      stream.uncork();
      return written;
    };
    return {
      write: (chunk) => {
        size += chunk.byteLength;
        held.push(chunk);
        heldBytes += chunk.byteLength;
        return heldBytes >= SPOOL_BATCH_BYTES ? flush() : Promise.resolve();
      },
      end: async () => {
        await flush();
        await close(stream);
        return {
          size,
          path,
          chunks: () => createReadStream(path, { highWaterMark: 1 << 20 }),
          discard,
        };
      },
      abort: discard,
    };
  }
  async adopt(id: string, spooled: Spooled): Promise<void> {
    if (spooled.path) {
      await fsyncFileAsync(spooled.path);
      renameSync(spooled.path, join(this.#dir, id));
      fsyncDir(this.#dir);
      return;
    }
    await this.putFrom(id, spooled.chunks(), spooled.size);
    spooled.discard();
  }
  /**
   * The content of a completed Upload, without copying a byte: a directory `<id>` holding a hard
   * link to each part file (already fsynced), named by its place (000000, 000001…). It is built as
   * `<id>.tmp` and renamed into place once its entries are durable, so a crash leaves no content
   * half-made; the part files keep their own names until their owner deletes them. Where links
   * cannot be made (parts in memory, another file system), the bytes are copied into one file.
   */
  async adoptParts(id: string, parts: readonly Spooled[], size: number): Promise<void> {
    const target = join(this.#dir, id);
    const temporary = `${target}.tmp`;
    if (parts.every((part) => part.path !== undefined)) {
      try {
        rmSync(temporary, { recursive: true, force: true });
        mkdirSync(temporary);
        for (const [index, part] of parts.entries())
          linkSync(part.path!, join(temporary, String(index).padStart(6, '0')));
        fsyncDir(temporary);
        renameSync(temporary, target);
        fsyncDir(this.#dir);
        return;
      } catch {
        rmSync(temporary, { recursive: true, force: true });
      }
    }
    await this.putFrom(id, inOrder(parts), size);
  }
  async putFrom(id: string, chunks: AsyncIterable<Uint8Array>, _size: number): Promise<void> {
    const target = join(this.#dir, id);
    const temporary = `${target}.tmp`;
    const stream = createWriteStream(temporary, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of chunks) await writeTo(stream, chunk);
      await close(stream);
      await fsyncFileAsync(temporary);
      renameSync(temporary, target);
      fsyncDir(this.#dir);
    } catch (error) {
      stream.destroy();
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}

/**
 * The store of a server without a `dataDir`: small contents in memory, large ones (from
 * `threshold` bytes) spilled to a temporary directory, made on first need and removed by
 * `close()`, so the server's memory does not grow with each large upload.
 */
export class SpillingFileStore implements FileStore {
  readonly #memory = new MemoryFileStore();
  #disk: DirectoryFileStore | undefined;
  #root: string | undefined;
  readonly #onDisk = new Set<string>();
  constructor(
    readonly threshold: number,
    readonly makeRoot: () => string,
  ) {}

  #directory(): DirectoryFileStore {
    if (!this.#disk) {
      this.#root = this.makeRoot();
      this.#disk = new DirectoryFileStore(join(this.#root, 'files'), join(this.#root, '.spool'));
    }
    return this.#disk;
  }
  put(id: string, content: Uint8Array): void {
    if (content.byteLength < this.threshold) return this.#memory.put(id, content);
    this.#directory().put(id, content);
    this.#onDisk.add(id);
  }
  get(id: string): Uint8Array | undefined {
    return this.#onDisk.has(id) ? this.#disk?.get(id) : this.#memory.get(id);
  }
  delete(id: string): void {
    if (this.#onDisk.delete(id)) this.#disk?.delete(id);
    else this.#memory.delete(id);
  }
  /** In memory until the body reaches `threshold` bytes, then in a file of the temporary directory. */
  spool(): Spool {
    let memory: Spool | undefined = this.#memory.spool();
    let held: Uint8Array[] = [];
    let size = 0;
    let disk: Spool | undefined;
    return {
      write: async (chunk) => {
        size += chunk.byteLength;
        if (disk) return disk.write(chunk);
        held.push(chunk);
        if (size < this.threshold) return memory!.write(chunk);
        memory!.abort();
        memory = undefined;
        disk = this.#directory().spool();
        const moving = held;
        held = [];
        for (const c of moving) await disk.write(c);
      },
      end: () => (disk ? disk.end() : memory!.end()),
      abort: () => {
        held = [];
        disk?.abort();
        memory?.abort();
      },
    };
  }
  async putFrom(id: string, chunks: AsyncIterable<Uint8Array>, size: number): Promise<void> {
    if (size < this.threshold) return this.#memory.putFrom(id, chunks, size);
    await this.#directory().putFrom(id, chunks, size);
    this.#onDisk.add(id);
  }
  async adopt(id: string, spooled: Spooled): Promise<void> {
    if (!spooled.path && spooled.size < this.threshold) return this.#memory.adopt(id, spooled);
    await this.#directory().adopt(id, spooled);
    this.#onDisk.add(id);
  }
  async adoptParts(id: string, parts: readonly Spooled[], size: number): Promise<void> {
    if (size < this.threshold) return this.#memory.adoptParts(id, parts, size);
    await this.#directory().adoptParts(id, parts, size);
    this.#onDisk.add(id);
  }
  /** Removes the temporary directory and everything in it. */
  close(): void {
    if (this.#root) rmSync(this.#root, { recursive: true, force: true });
    this.#disk = undefined;
    this.#root = undefined;
    this.#onDisk.clear();
  }
}
