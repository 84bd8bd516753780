// uploadFile and uploadTrainingFile: a file on disk, of any size. The file is read once, in order,
// part by part, the next part while the ones before it are sent: that read computes the MD5 of
// the whole file (sent with `complete`) and, for uploadTrainingFile, feeds the validator through
// a bounded queue, so validating and uploading overlap. A part's first attempt streams the buffer
// it was read into (no copy; the buffer is reused for a later part once the send settles); a retry
// reads its range from disk again, so a failed part is not held in memory, and at most
// `concurrency` parts (plus the one read ahead) are.
// Long because the one read of the file feeds the MD5, the parts and the validator; that shared
// read is what the file is for.
import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FineTuning } from '../client.ts';
import type { OpenAiFile } from '../../generated/types.gen.ts';
import type { TrainingDataReport } from '../training-data/index.ts';
import { SourceChangedError } from '../upload/errors.ts';
import { firstSend } from '../upload/params.ts';
import { checkOptions, runUpload, type PartSource, type UploadOptions } from '../upload/upload.ts';
import { defaultMaxMemory } from './machine.ts';
import { checkFile } from './open-file.ts';
import { InvalidTrainingDataError } from './errors.ts';
import { validateTrainingChunks, type ValidateTrainingChunksOptions } from './validate-chunks.ts';

/** Options of `uploadFile`: those of `files.upload` (purpose defaults to fine-tune). */
export interface UploadFileOptions extends Omit<UploadOptions, 'purpose' | 'bytes'> {
  /** @default 'fine-tune' */
  purpose?: UploadOptions['purpose'];
}

export interface UploadTrainingFileOptions extends UploadFileOptions {
  /**
   * Validate in the same read as the upload; invalid data is not completed into a File (the Upload
   * is cancelled) and the call rejects with `InvalidTrainingDataError`. `true` validates as
   * supervised data for the default model. With `onCheckpoint` and `resumeFrom`, an interrupted
   * upload's validation continues where it stopped (see `validateTrainingChunks`).
   * @default false
   */
  validate?: boolean | ValidateTrainingChunksOptions;
}

/** What `uploadTrainingFile` resolves with: the uploaded file and the validation report, if any. */
export interface UploadedTrainingFile {
  file: OpenAiFile;
  /** The validation report when `validate` was set. */
  report?: TrainingDataReport;
}

/**
 * The one place validation is fed the bytes being uploaded: the validator on worker threads
 * (`validateTrainingChunks`), given the same chunks the upload reads, with the file's size so a
 * small file is checked on this thread.
 */
function validateChunks(
  chunks: AsyncIterable<Uint8Array>,
  options: ValidateTrainingChunksOptions,
  totalBytes: number,
): Promise<TrainingDataReport> {
  return validateTrainingChunks(chunks, { ...options, totalBytes });
}

/** A bounded hand-over between the reader and the validator: `push` waits while `limit` bytes are queued. */
class ByteQueue implements AsyncIterable<Uint8Array> {
  readonly #items: Uint8Array[] = [];
  #queued = 0;
  #ended = false;
  #wakeReader: (() => void) | undefined;
  #wakeWriter: (() => void) | undefined;
  #stopped = false;
  constructor(readonly limit: number) {}

  async push(chunk: Uint8Array): Promise<void> {
    while (this.#queued >= this.limit && !this.#stopped)
      await new Promise<void>((r) => (this.#wakeWriter = r));
    if (this.#stopped) return;
    this.#items.push(chunk);
    this.#queued += chunk.byteLength;
    this.#wakeReader?.();
  }
  end(): void {
    this.#ended = true;
    this.#wakeReader?.();
  }
  /** The consumer is gone: stop accepting. */
  stop(): void {
    this.#stopped = true;
    this.#wakeWriter?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for (;;) {
        const item = this.#items.shift();
        if (item) {
          this.#queued -= item.byteLength;
          this.#wakeWriter?.();
          yield item;
          // The validator works synchronously on each slice; letting the event loop turn between
          // slices keeps the parts in flight moving (otherwise a queue of buffered slices would be
          // consumed in one run of microtasks, with no socket written meanwhile).
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        if (this.#ended) return;
        await new Promise<void>((r) => (this.#wakeReader = r));
      }
    } finally {
      this.stop();
    }
  }
}

// The validator gets the bytes in slices this size (see ByteQueue: the event loop turns between them).
const VALIDATE_SLICE = 256 << 10;

/** A file on disk as a PartSource: ranges read in order, hashed, and handed to `onBytes`. */
async function fileSource(
  path: string,
  size: number,
  what: string,
  onBytes?: (chunk: Uint8Array) => Promise<void>,
  onEnd?: () => void,
): Promise<PartSource> {
  const handle = await open(path, 'r');
  const opened = await handle.stat();
  // Each part is a disk-backed slice, with the bytes read here for its first attempt (firstSend):
  // a retry reads the slice from disk.
  const disk = await openAsBlob(path);
  const md5 = createHash('md5');
  // The buffers parts are read into, reused once a part's send has settled (`release`): at most
  // `concurrency` parts in flight plus the one read ahead, whatever the file's size. With a
  // validator the bytes are also queued for it, so each part gets a buffer of its own (collected).
  const free: Buffer[] = [];
  const inUse = new WeakMap<Blob, Buffer>();
  let scratch = Buffer.alloc(0);
  let position = 0;
  const changed = (detail: string) =>
    new SourceChangedError(
      `${what}: ${path} changed while it was read (${detail}; it had ${size} bytes when the upload started). Upload it again once it is no longer written to.`,
    );
  const unchanged = async (): Promise<void> => {
    const now = await handle.stat();
    if (now.size !== size) throw changed(`it now has ${now.size} bytes`);
    if (now.mtimeMs !== opened.mtimeMs) throw changed('it was written to');
  };
  const read = async (partSize: number, inMemory = true): Promise<Blob | undefined> => {
    const length = Math.min(partSize, size - position);
    if (length <= 0) {
      await unchanged();
      onEnd?.();
      return undefined;
    }
    const buffer = onBytes
      ? Buffer.allocUnsafe(length)
      : inMemory
        ? takeBuffer(length)
        : // Read only to hash (a small file, sent by fetch from disk): one buffer serves.
          (scratch.byteLength >= length
            ? scratch
            : (scratch = Buffer.allocUnsafe(length))
          ).subarray(0, length);
    for (let filled = 0; filled < length; ) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) throw changed(`it ended at byte ${position + filled}`);
      filled += bytesRead;
    }
    const start = position;
    position += length;
    md5.update(buffer);
    if (onBytes)
      for (let at = 0; at < length; at += VALIDATE_SLICE)
        await onBytes(buffer.subarray(at, Math.min(length, at + VALIDATE_SLICE)));
    const part = disk.slice(start, start + length);
    // Sent from memory (one chunk, where fetch streams a disk Blob 64 KiB at a time), the buffer
    // itself, not a copy; read again from disk only if it must be re-sent.
    if (inMemory) {
      firstSend.set(part, buffer);
      if (!onBytes) inUse.set(part, buffer);
    }
    return part;
  };
  // A free buffer of at least `length` bytes (every part but the last has the same size).
  const takeBuffer = (length: number): Buffer => {
    const index = free.findIndex((b) => b.byteLength >= length);
    const buffer = index >= 0 ? free.splice(index, 1)[0]! : Buffer.allocUnsafeSlow(length);
    return buffer.subarray(0, length);
  };
  // The next part is read (and hashed, and handed to the validator) while the parts before it are
  // sent, so a slot freed in the upload is filled at once: one part more in memory.
  let ahead: { partSize: number; part: Promise<Blob | undefined> } | undefined;
  const next = async (partSize: number): Promise<Blob | undefined> => {
    const mine =
      ahead?.partSize === partSize
        ? ahead.part
        : ahead
          ? ahead.part.then(() => read(partSize))
          : read(partSize);
    ahead = undefined;
    const part = await mine;
    if (part) {
      // Parts read before and after a change must not make one File.
      await unchanged();
    }
    if (part && position < size) {
      const following = read(partSize);
      // Rejected only if the next part's read fails: that is thrown when it is asked for.
      following.catch(() => undefined);
      ahead = { partSize, part: following };
    }
    return part;
  };
  return {
    size,
    next,
    md5: () => (position === size ? md5.copy().digest('hex') : undefined),
    whole: async () => {
      // A small file, sent in one files.create and read from disk by fetch: read here only for
      // the validator (files.create takes no MD5).
      if (!onBytes) {
        await unchanged();
        return disk;
      }
      const all = (await read(size, false)) ?? new Blob([]);
      await next(1);
      return all;
    },
    check: unchanged,
    release: (part) => {
      const buffer = inUse.get(part as Blob);
      if (!buffer) return;
      inUse.delete(part as Blob);
      // Back to its whole allocation (a view, not a copy), for a part of any size.
      free.push(Buffer.from(buffer.buffer));
    },
    close: () => handle.close(),
  };
}

async function upload(
  ft: FineTuning,
  path: string,
  options: UploadTrainingFileOptions,
  what: string,
): Promise<UploadedTrainingFile> {
  const size = await checkFile(path, what);
  const { validate, purpose = 'fine-tune', ...rest } = options ?? {};
  // In a container with a memory limit, parts and concurrency the caller left out are fitted to
  // a share of it (./machine.ts); an explicit `maxMemory` wins.
  const maxMemory =
    rest.maxMemory ??
    (rest.partSize === undefined && rest.concurrency === undefined && !rest.resume
      ? defaultMaxMemory()
      : undefined);
  const uploadOptions: UploadOptions = { ...rest, purpose, maxMemory };
  const checked = checkOptions(uploadOptions, size, basename(path), undefined, what);
  if (!validate) {
    const source = await fileSource(path, size, what);
    return {
      file: await runUpload(
        { files: ft.files, uploads: ft.uploads },
        source,
        uploadOptions,
        checked,
        what,
      ),
    };
  }
  const validateOptions: ValidateTrainingChunksOptions =
    validate === true ? { method: 'supervised' } : validate;
  // At most two parts' worth of bytes wait for the validator; the reader waits beyond that.
  const queue = new ByteQueue(2 * checked.partSize);
  const validation = validateChunks(
    queue,
    {
      ...validateOptions,
      signal: validateOptions.signal ?? options.signal,
      maxMemory: validateOptions.maxMemory ?? rest.maxMemory,
    },
    size,
  );
  // Settled early when the validator fails, so the reader does not wait on it for ever.
  validation.catch(() => queue.stop());
  const source = await fileSource(
    path,
    size,
    what,
    (chunk) => queue.push(chunk),
    () => queue.end(),
  );
  let report: TrainingDataReport | undefined;
  source.finish = async () => {
    queue.end();
    report = await validation;
    if (!report.valid) throw new InvalidTrainingDataError(path, report);
  };
  try {
    const file = await runUpload(
      { files: ft.files, uploads: ft.uploads },
      source,
      uploadOptions,
      checked,
      what,
    );
    return { file, report: report! };
  } finally {
    queue.end();
    queue.stop();
    await validation.catch(() => undefined);
  }
}

/**
 * Uploads the file at `path`, of any size: up to `threshold` in one files.create, above it as an
 * Upload in parts read from disk, with the file's MD5 checked on completion.
 * @example
 * const file = await uploadFile(ft, 'train.jsonl', { onProgress: (p) => console.log(p.bytesSent, p.totalBytes) });
 */
export async function uploadFile(
  ft: FineTuning,
  path: string,
  options: UploadFileOptions = {},
): Promise<OpenAiFile> {
  return (await upload(ft, path, options, 'uploadFile')).file;
}

/**
 * Uploads the JSONL file at `path` and, with `validate`, validates it in the same read: the file
 * is read once, the validator and the upload consume the same bytes, and invalid data never
 * becomes a File.
 * @example
 * const { file, report } = await uploadTrainingFile(ft, 'train.jsonl', { validate: { method: 'supervised' } });
 */
export function uploadTrainingFile(
  ft: FineTuning,
  path: string,
  options: UploadTrainingFileOptions = {},
): Promise<UploadedTrainingFile> {
  return upload(ft, path, options, 'uploadTrainingFile');
}
