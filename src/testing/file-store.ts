// Uploaded file contents: in memory by default, or one file per upload in a directory
// (`dataDir`) so a long-running server keeps what it was given.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FileStore {
  put(id: string, content: Uint8Array): void;
  get(id: string): Uint8Array | undefined;
  delete(id: string): void;
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
}

export class DirectoryFileStore implements FileStore {
  readonly #dir: string;
  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }
  put(id: string, content: Uint8Array): void {
    writeFileSync(join(this.#dir, id), content);
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
}
