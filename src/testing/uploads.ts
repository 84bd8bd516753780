// The local server's Uploads (`/v1/uploads`): every Upload and its parts, in one store object.
// The Uploads are a durable collection ('uploads'); a part's bytes are spooled as they arrive
// (files under dataDir/.spool, or memory) and, with a dataDir, moved into dataDir/parts/<part id>
// and fsynced BEFORE the record that names them is set, so an Upload and the parts the server
// answered 2xx survive a restart and a kill -9. Bytes an Upload no longer needs (completed,
// cancelled, expired) are deleted after the commit that says so (`sweep`), as files are; at start,
// part files no record names (left by a crash between the move and the commit, or between the
// commit and the deletion) are deleted.
// An Upload expires an hour after it was created on the server's clock (so a manual clock can
// expire one); it is looked at lazily, on the next request that touches it, like the jobs.
import { createReadStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Upload } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import type { DirectoryFileStore, Spooled } from './file-store.ts';
import { PartHashes } from './part-hashes.ts';
import type { Collection, Store } from './store.ts';

/** The API's limits. */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;
export const UPLOAD_LIFETIME_SECONDS = 3600;

export interface UploadPartRecord {
  id: string;
  created_at: number;
  content: Spooled;
}

export interface UploadRecord {
  upload: Upload;
  mimeType: string;
  /** The File's lifetime in seconds, when `expires_after` was given. */
  fileExpiresAfter?: number;
  /** The parts added, by id. */
  parts: Map<string, UploadPartRecord>;
  /** The bytes received in parts so far. */
  received: number;
  /** The part ids `complete` was given, once completed (a re-sent complete gets the same Upload). */
  completedWith?: string[];
}

/** An UploadRecord on disk: the parts by id, creation time and size (their bytes are in dataDir/parts). */
interface StoredUpload {
  upload: Upload;
  mimeType: string;
  fileExpiresAfter?: number;
  parts: Array<[id: string, createdAt: number, size: number]>;
  received: number;
  completedWith?: string[];
}

/** Where accepted part bytes are kept with a dataDir: a directory store (dataDir/parts). */
export interface PartBytes {
  readonly store: DirectoryFileStore;
  readonly dir: string;
}

export class UploadStore {
  readonly #uploads: Collection<UploadRecord>;
  readonly #clock: Clock;
  readonly #parts: PartBytes | undefined;
  /** Parts of Uploads that left `pending`: freed once that change is committed. */
  readonly #released: Spooled[] = [];
  /** The MD5 of each pending Upload's parts, computed as they arrive (memory only). */
  readonly hashes = new PartHashes();

  constructor(clock: Clock, store: Store, parts?: PartBytes) {
    this.#clock = clock;
    this.#parts = parts;
    this.#uploads = store.collection<UploadRecord>('uploads', {
      encode: (record): StoredUpload => ({
        upload: record.upload,
        mimeType: record.mimeType,
        ...(record.fileExpiresAfter !== undefined
          ? { fileExpiresAfter: record.fileExpiresAfter }
          : {}),
        parts: [...record.parts.values()].map((p) => [p.id, p.created_at, p.content.size]),
        received: record.received,
        ...(record.completedWith ? { completedWith: record.completedWith } : {}),
      }),
      decode: (data) => {
        const stored = data as StoredUpload;
        const record: UploadRecord = {
          upload: stored.upload,
          mimeType: stored.mimeType,
          parts: new Map(),
          received: stored.received,
        };
        if (stored.fileExpiresAfter !== undefined)
          record.fileExpiresAfter = stored.fileExpiresAfter;
        if (stored.completedWith) record.completedWith = stored.completedWith;
        for (const [id, created_at, size] of stored.parts)
          record.parts.set(id, { id, created_at, content: this.#kept(id, size) });
        return record;
      },
    });
    if (parts) this.#removeStray(parts);
  }

  add(record: UploadRecord): void {
    this.#uploads.set(record.upload.id, record);
  }

  /** Marks a record changed in place (a part added, its status moved on). */
  touch(record: UploadRecord): void {
    this.#uploads.touch(record.upload.id);
  }

  /** The Upload, brought up to the clock (a pending one past its expiry becomes `expired`). */
  get(id: string): UploadRecord | undefined {
    const record = this.#uploads.get(id);
    if (
      record &&
      record.upload.status === 'pending' &&
      this.#clock.now() / 1000 >= record.upload.expires_at
    ) {
      record.upload.status = 'expired';
      this.release(record);
    }
    return record;
  }

  /**
   * Makes an accepted part's bytes durable: with a dataDir, moves them into dataDir/parts/<id>
   * (fsynced); in memory, keeps them as they are. Call before the record names the part.
   */
  async keep(id: string, spooled: Spooled): Promise<Spooled> {
    if (!this.#parts) return spooled;
    try {
      await this.#parts.store.adopt(id, spooled);
    } catch (error) {
      spooled.discard();
      this.#parts.store.delete(id);
      throw error;
    }
    return this.#kept(id, spooled.size);
  }

  /** Frees a record's parts (once the change is committed) and marks the record changed. */
  release(record: UploadRecord): void {
    this.hashes.forget(record.upload.id);
    for (const part of record.parts.values()) this.#released.push(part.content);
    record.parts.clear();
    this.touch(record);
  }

  /** Frees the parts of Uploads whose completion, cancellation or expiry has been committed. */
  sweep(): void {
    for (const content of this.#released.splice(0)) content.discard();
  }

  /** A kept part's bytes, read from dataDir/parts. */
  #kept(id: string, size: number): Spooled {
    const parts = this.#parts;
    if (!parts)
      throw new Error(
        `startLocalServer: Upload part ${id} is recorded, but the server has no dataDir to read it from.`,
      );
    const path = join(parts.dir, id);
    return {
      size,
      path,
      chunks: () => createReadStream(path, { highWaterMark: 1 << 20 }),
      discard: () => parts.store.delete(id),
    };
  }

  /** Deletes part files no record names (a crash left them between a move and its commit, or a commit and the deletion). */
  #removeStray(parts: PartBytes): void {
    mkdirSync(parts.dir, { recursive: true });
    const named = new Set<string>();
    for (const record of this.#uploads.values())
      for (const id of record.parts.keys()) named.add(id);
    for (const name of readdirSync(parts.dir))
      if (!named.has(name)) rmSync(join(parts.dir, name), { force: true, recursive: true });
  }
}
