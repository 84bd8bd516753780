// The files the server knows: their metadata (the API's `file` object, a durable collection) and,
// through a FileStore, their content.
import type { OpenAiFile } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import type { FileStore, Spool, Spooled } from './file-store.ts';
import type { Ids } from './ids.ts';
import type { Collection } from './store.ts';

export class FileRegistry {
  readonly #meta: Collection<OpenAiFile>;
  readonly #store: FileStore;
  readonly #clock: Clock;
  readonly #ids: Ids;

  constructor(meta: Collection<OpenAiFile>, store: FileStore, clock: Clock, ids: Ids) {
    this.#meta = meta;
    this.#store = store;
    this.#clock = clock;
    this.#ids = ids;
  }

  create(
    filename: string,
    purpose: OpenAiFile['purpose'],
    content: Uint8Array,
    expiresAfterSeconds?: number,
  ): OpenAiFile {
    const file = this.#describe(filename, purpose, content.byteLength, expiresAfterSeconds);
    // The content first: a record never names bytes that are not on disk.
    this.#store.put(file.id, content);
    this.#meta.set(file.id, file);
    return file;
  }

  /** Like create, from a spooled body, which the store takes over (a spool file is moved, not copied). */
  async adopt(
    filename: string,
    purpose: OpenAiFile['purpose'],
    spooled: Spooled,
    expiresAfterSeconds?: number,
  ): Promise<OpenAiFile> {
    const file = this.#describe(filename, purpose, spooled.size, expiresAfterSeconds);
    await this.#store.adopt(file.id, spooled);
    this.#meta.set(file.id, file);
    return file;
  }

  /** Like create, from the parts of an Upload in order, which stay their owner's (linked, not copied, when it can). */
  async adoptParts(
    filename: string,
    purpose: OpenAiFile['purpose'],
    parts: readonly Spooled[],
    size: number,
    expiresAfterSeconds?: number,
  ): Promise<OpenAiFile> {
    const file = this.#describe(filename, purpose, size, expiresAfterSeconds);
    await this.#store.adoptParts(file.id, parts, size);
    this.#meta.set(file.id, file);
    return file;
  }

  /** Where an incoming body is written while it arrives (a file under dataDir, or memory). */
  spool(): Spool {
    return this.#store.spool();
  }

  #describe(
    filename: string,
    purpose: OpenAiFile['purpose'],
    bytes: number,
    expiresAfterSeconds?: number,
  ): OpenAiFile {
    const createdAt = Math.floor(this.#clock.now() / 1000);
    // The fields and their order as the API sends them (2026 recordings): `expires_at` and
    // `status_details` are always there, null when not set.
    return {
      object: 'file',
      id: this.#ids.id('file-'),
      purpose,
      filename,
      bytes,
      created_at: createdAt,
      expires_at: expiresAfterSeconds ? createdAt + expiresAfterSeconds : null,
      status: 'processed',
      status_details: null,
    } as unknown as OpenAiFile;
  }

  get(id: string): OpenAiFile | undefined {
    return this.#meta.get(id);
  }

  content(id: string): Uint8Array | undefined {
    return this.#meta.has(id) ? this.#store.get(id) : undefined;
  }

  /** The record goes first; its content is removed once the deletion is committed (`sweep`). */
  delete(id: string): boolean {
    const had = this.#meta.delete(id);
    if (had) this.#deleted.push(id);
    return had;
  }

  readonly #deleted: string[] = [];

  /** Removes the content of files whose deletion has been committed. */
  sweep(): void {
    for (const id of this.#deleted.splice(0)) this.#store.delete(id);
  }

  /** Oldest first. */
  all(): OpenAiFile[] {
    return [...this.#meta.values()];
  }
}
