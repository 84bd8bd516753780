// The files the server knows: their metadata (the API's `file` object) and, through a FileStore,
// their content.
import type { OpenAiFile } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import type { FileStore, Spool, Spooled } from './file-store.ts';
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
    const file = this.#describe(filename, purpose, content.byteLength, expiresAfterSeconds);
    this.#store.put(file.id, content);
    this.#meta.set(file.id, file);
    return file;
  }

  /** Like create, from bytes given chunk by chunk (a spooled upload), never held whole by the caller. */
  async createFrom(filename: string, purpose: OpenAiFile['purpose'], chunks: AsyncIterable<Uint8Array>, size: number, expiresAfterSeconds?: number): Promise<OpenAiFile> {
    const file = this.#describe(filename, purpose, size, expiresAfterSeconds);
    await this.#store.putFrom(file.id, chunks, size);
    this.#meta.set(file.id, file);
    return file;
  }

  /** Like create, from a spooled body, which the store takes over (a spool file is moved, not copied). */
  async adopt(filename: string, purpose: OpenAiFile['purpose'], spooled: Spooled, expiresAfterSeconds?: number): Promise<OpenAiFile> {
    const file = this.#describe(filename, purpose, spooled.size, expiresAfterSeconds);
    await this.#store.adopt(file.id, spooled);
    this.#meta.set(file.id, file);
    return file;
  }

  /** Where an incoming body is written while it arrives (a file under dataDir, or memory). */
  spool(): Spool {
    return this.#store.spool();
  }

  #describe(filename: string, purpose: OpenAiFile['purpose'], bytes: number, expiresAfterSeconds?: number): OpenAiFile {
    const createdAt = Math.floor(this.#clock.now() / 1000);
    return {
      object: 'file',
      id: randomId('file-'),
      bytes,
      created_at: createdAt,
      filename,
      purpose,
      status: 'processed',
      ...(expiresAfterSeconds ? { expires_at: createdAt + expiresAfterSeconds } : {}),
    };
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
