// The files the server knows: their metadata (the API's `file` object) and, through a FileStore,
// their content.
import type { OpenAiFile } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import type { FileStore } from './file-store.ts';
import { randomId } from './ids.ts';

export class FileRegistry {
  readonly #meta = new Map<string, OpenAiFile>();
  readonly #store: FileStore;
  readonly #clock: Clock;

  constructor(store: FileStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  create(filename: string, purpose: OpenAiFile['purpose'], content: Uint8Array, expiresAfterSeconds?: number): OpenAiFile {
    const createdAt = Math.floor(this.#clock.now() / 1000);
    const file: OpenAiFile = {
      object: 'file',
      id: randomId('file-'),
      bytes: content.byteLength,
      created_at: createdAt,
      filename,
      purpose,
      status: 'processed',
      ...(expiresAfterSeconds ? { expires_at: createdAt + expiresAfterSeconds } : {}),
    };
    this.#store.put(file.id, content);
    this.#meta.set(file.id, file);
    return file;
  }

  get(id: string): OpenAiFile | undefined {
    return this.#meta.get(id);
  }

  content(id: string): Uint8Array | undefined {
    return this.#meta.has(id) ? this.#store.get(id) : undefined;
  }

  delete(id: string): boolean {
    this.#store.delete(id);
    return this.#meta.delete(id);
  }

  /** Oldest first. */
  all(): OpenAiFile[] {
    return [...this.#meta.values()];
  }
}
