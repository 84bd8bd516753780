// Uploaded file contents: in memory by default, or one file per upload in a directory
// (`dataDir/files`), written durably (fsynced, then renamed into place) before the server answers.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDurably } from './store.ts';

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
}
