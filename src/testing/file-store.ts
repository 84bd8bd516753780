// Uploaded file contents: in memory by default, or one file per upload in a directory
// (`dataDir/files`), written durably (fsynced, then renamed into place) before the server answers.
// Incoming bodies are spooled as they arrive (see spool()): to a file under `dataDir/.spool`, so
// the server's memory does not grow with an upload, or to a list of chunks in memory, so the bytes
// are held about once.
import { closeSync, createReadStream, createWriteStream, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, type WriteStream } from 'node:fs';
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
}

// Writes without waiting for each write to reach the disk (that would be one round trip to the
// thread pool per chunk); waits only when the stream's buffer is full. A write error is kept and
// thrown by the next write or by close.
const failures = new WeakMap<WriteStream, Error>();
function writeTo(stream: WriteStream, chunk: Uint8Array): Promise<void> {
  if (!failures.has(stream) && stream.listenerCount('error') === 0) stream.on('error', (error) => failures.set(stream, error));
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

/** Flushes a file's bytes to the disk, so a rename that follows cannot name a file left empty by a crash. */
function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class DirectoryFileStore implements FileStore {
  readonly #dir: string;
  readonly #spoolDir: string;
  /** `spoolDir` must be on the same file system as `dir`, so a spooled body is moved, not copied. */
  constructor(dir: string, spoolDir = join(dir, '.spool')) {
    this.#dir = dir;
    this.#spoolDir = spoolDir;
    mkdirSync(dir, { recursive: true });
    // What a crash left half-received is no one's: start with an empty spool.
    rmSync(spoolDir, { recursive: true, force: true });
  }
  put(id: string, content: Uint8Array): void {
    writeDurably(join(this.#dir, id), content, this.#dir);
  }
  get(id: string): Uint8Array | undefined {
    try {
      return new Uint8Array(readFileSync(join(this.#dir, id)));
    } catch {
      return undefined;
    }
  }
  delete(id: string): void {
    rmSync(join(this.#dir, id), { force: true });
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
    return {
      write: (chunk) => {
        size += chunk.byteLength;
        return writeTo(stream, chunk);
      },
      end: async () => {
        await close(stream);
        return { size, path, chunks: () => createReadStream(path, { highWaterMark: 1 << 20 }), discard };
      },
      abort: discard,
    };
  }
  async adopt(id: string, spooled: Spooled): Promise<void> {
    if (spooled.path) {
      fsyncFile(spooled.path);
      renameSync(spooled.path, join(this.#dir, id));
      fsyncDir(this.#dir);
      return;
    }
    await this.putFrom(id, spooled.chunks(), spooled.size);
    spooled.discard();
  }
  async putFrom(id: string, chunks: AsyncIterable<Uint8Array>, _size: number): Promise<void> {
    const target = join(this.#dir, id);
    const temporary = `${target}.tmp`;
    const stream = createWriteStream(temporary, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of chunks) await writeTo(stream, chunk);
      await close(stream);
      fsyncFile(temporary);
      renameSync(temporary, target);
      fsyncDir(this.#dir);
    } catch (error) {
      stream.destroy();
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}
