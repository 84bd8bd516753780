// The local server's Uploads (`/v1/uploads`): every Upload and its parts, in one store object.
// Parts are spooled bytes (files under dataDir/.spool, or memory). An Upload expires an hour after
// it was created on the server's clock (so a manual clock can expire one); it is looked at lazily,
// on the next request that touches it, like the jobs.
import type { Upload } from '../../generated/types.gen.ts';
import type { Clock } from './clock.ts';
import type { Spooled } from './file-store.ts';

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

export class UploadStore {
  readonly uploads = new Map<string, UploadRecord>();
  readonly #clock: Clock;
  constructor(clock: Clock) {
    this.#clock = clock;
  }

  add(record: UploadRecord): void {
    this.uploads.set(record.upload.id, record);
  }

  /** The Upload, brought up to the clock (a pending one past its expiry becomes `expired`). */
  get(id: string): UploadRecord | undefined {
    const record = this.uploads.get(id);
    if (record && record.upload.status === 'pending' && this.#clock.now() / 1000 >= record.upload.expires_at) {
      record.upload.status = 'expired';
      this.release(record);
    }
    return record;
  }

  /** Frees a record's parts. */
  release(record: UploadRecord): void {
    for (const part of record.parts.values()) part.content.discard();
    record.parts.clear();
  }
}
