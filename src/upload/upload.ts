// files.upload and uploadFile: one call for a file of any size. A small source goes through
// files.create; a large one through an Upload, in parts of `partSize` read in order, `concurrency`
// of them in flight, completed in order. Loaded on first use (files.upload imports it).
// Long because the small path, the parts, resuming and their checks share one upload's state; issue
// #29 asks for `uploadInParts` in named steps.
import type { FileExpirationAfter, OpenAiFile } from '../../generated/types.gen.ts';
import { APIError } from '../errors/api-error.ts';
import { FineTuningError, InvalidArgumentError } from '../errors/base.ts';
import { AbortError } from '../errors/connection.ts';
import type { RequestOptions } from '../calls/call.ts';
import { firstSend, type UploadDeps } from './params.ts';
import {
  SourceChangedError,
  UploadExpiredError,
  UploadInterruptedError,
  type UploadResumeState,
} from './errors.ts';
import { type SpanHandle, withSpan } from '../telemetry/spans.ts';

export const MB = 1024 * 1024;
/** The Uploads API's limits. */
export const MAX_PART_SIZE = 64 * MB;
export const MAX_UPLOAD_BYTES = 8 * 1024 * MB;
/** Defaults (see docs/uploads.md for the measurement behind them). */
export const DEFAULT_PART_SIZE = 16 * MB;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_THRESHOLD = 64 * MB;
const PROGRESS_EVERY_MS = 200;

/** The purposes the Uploads API takes. */
export const UPLOAD_PURPOSES: readonly UploadPurpose[] = [
  'assistants',
  'batch',
  'fine-tune',
  'vision',
];
/** The purposes the Uploads API takes. */
export type UploadPurpose = 'assistants' | 'batch' | 'fine-tune' | 'vision';

/** What `onProgress` gets, at most every 200 ms and once at the end. */
export interface UploadProgress {
  bytesSent: number;
  /** Undefined for a stream whose size was not given. */
  totalBytes: number | undefined;
  partsDone: number;
  /** Undefined until the size is known; 1 for a small source sent in one request. */
  partsTotal: number | undefined;
}

export interface UploadOptions
  extends Pick<RequestOptions, 'signal' | 'headers' | 'timeout' | 'maxRetries'> {
  purpose: UploadPurpose | 'user_data' | 'evals';
  /** The name the File gets. @default the File's name, else 'training.jsonl' */
  filename?: string | undefined;
  /** The MIME type declared to the Uploads API. @default 'text/jsonl' for .jsonl, else the Blob's type or 'application/octet-stream' */
  mimeType?: string | undefined;
  /** When the File expires (`{ anchor: 'created_at', seconds }`). @default never (batch files: 30 days) */
  expires_after?: FileExpirationAfter | undefined;
  /** The size of a `ReadableStream` source (needed for a stream larger than `threshold`). */
  bytes?: number | undefined;
  /** Bytes per part, a whole number up to 64 MB. @default 16 MB */
  partSize?: number | undefined;
  /** Parts in flight at once. @default 4 */
  concurrency?: number | undefined;
  /** Sources of at most this many bytes go through files.create in one request. @default 64 MB */
  threshold?: number | undefined;
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  /** Called after each part is added, with what `resume` needs; save it to resume after a crash. */
  onPart?: ((state: UploadResumeState) => void) | undefined;
  /**
   * Keep the Upload when the call fails or is aborted (the error is an UploadInterruptedError
   * carrying `resume`); otherwise it is cancelled. Implied by `resume`.
   * @default false
   */
  resumable?: boolean | undefined;
  /** Continue an unexpired Upload: only the parts missing from `parts` are sent. */
  resume?: UploadResumeState | undefined;
}

/** Any source, read part by part in order. */
export interface PartSource {
  /** Total bytes, when known before reading. */
  readonly size: number | undefined;
  /** The next part (at most `partSize` bytes), or undefined at the end. */
  next(partSize: number): Promise<Blob | Uint8Array | undefined>;
  /** The hex MD5 of every byte read, when the source computes it. */
  md5?(): string | undefined;
  /** The whole source as one body for files.create (small sources only). */
  whole(): Promise<Blob>;
  /**
   * Called when every byte has been read and sent, before the upload is completed: a rejection
   * (invalid training data) stops it, and the Upload is cancelled.
   */
  finish?(): Promise<void>;
  /**
   * Called when a part failed for good: rejects with a SourceChangedError if the source changed
   * since it was opened (a file rewritten makes its parts unreadable), which says more than the
   * part's own error.
   */
  check?(): Promise<void>;
  /** Called once when the upload ends (success or not). */
  close?(): Promise<void>;
}

export type UploadSource = Blob | ReadableStream<Uint8Array> | string | Uint8Array | ArrayBuffer;

const sizeOf = (part: Blob | Uint8Array) =>
  part instanceof Uint8Array ? part.byteLength : part.size;

/** The part as a File named `name`, with the bytes its source holds in memory for its first send. */
function named(part: Blob | Uint8Array, name: string): File {
  const file = new File([part as BlobPart], name);
  const first = part instanceof Blob ? firstSend.get(part) : undefined;
  if (first) {
    firstSend.delete(part as Blob);
    firstSend.set(file, first);
  }
  return file;
}

function blobSource(blob: Blob): PartSource {
  let at = 0;
  return {
    size: blob.size,
    next: async (partSize) => {
      if (at >= blob.size) return undefined;
      const part = blob.slice(at, Math.min(blob.size, at + partSize));
      at += part.size;
      return part;
    },
    whole: async () => blob,
  };
}

function bytesSource(bytes: Uint8Array): PartSource {
  let at = 0;
  return {
    size: bytes.byteLength,
    next: async (partSize) => {
      if (at >= bytes.byteLength) return undefined;
      const part = bytes.subarray(at, Math.min(bytes.byteLength, at + partSize));
      at += part.byteLength;
      return part;
    },
    whole: async () => new Blob([bytes as BlobPart]),
  };
}

function streamSource(
  stream: ReadableStream<Uint8Array>,
  declared: number | undefined,
  threshold: number,
): PartSource {
  const reader = stream.getReader();
  let rest: Uint8Array | undefined;
  let ended = false;
  const read = async (limit: number): Promise<Uint8Array | undefined> => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (size < limit) {
      let chunk = rest;
      rest = undefined;
      if (!chunk) {
        if (ended) break;
        const r = await reader.read();
        if (r.done) {
          ended = true;
          break;
        }
        chunk = typeof r.value === 'string' ? new TextEncoder().encode(r.value) : r.value;
      }
      if (size + chunk.byteLength > limit) {
        rest = chunk.subarray(limit - size);
        chunk = chunk.subarray(0, limit - size);
      }
      chunks.push(chunk);
      size += chunk.byteLength;
    }
    if (size === 0) return undefined;
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  };
  return {
    size: declared,
    next: read,
    whole: async () => {
      const all = await read(threshold + 1);
      if (all && all.byteLength > threshold) {
        await reader.cancel();
        throw new InvalidArgumentError(
          `files.upload: the stream is longer than the threshold (${threshold} bytes) and its size was not given: pass \`bytes\` (the stream's length) so it can go as an Upload in parts. Nothing was sent.`,
        );
      }
      return new Blob(all ? [all as BlobPart] : []);
    },
    close: async () => {
      if (!ended) await reader.cancel().catch(() => undefined);
    },
  };
}

export function toPartSource(
  source: UploadSource,
  declared: number | undefined,
  threshold: number,
): PartSource {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return blobSource(source);
  if (typeof source === 'string') return bytesSource(new TextEncoder().encode(source));
  if (source instanceof Uint8Array) return bytesSource(source);
  if (source instanceof ArrayBuffer) return bytesSource(new Uint8Array(source));
  if (source && typeof (source as ReadableStream).getReader === 'function')
    return streamSource(source as ReadableStream<Uint8Array>, declared, threshold);
  throw new InvalidArgumentError(
    `files.upload: the source must be a Blob, File, ReadableStream, string, Uint8Array or ArrayBuffer, got ${source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source}.`,
  );
}

const whole = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value > 0;

interface Checked {
  partSize: number;
  concurrency: number;
  threshold: number;
  filename: string;
  mimeType: string;
}

/** Checks every option before a byte is sent; throws InvalidArgumentError naming the wrong one. */
export function checkOptions(
  options: UploadOptions,
  size: number | undefined,
  defaultName: string | undefined,
  blobType: string | undefined,
  what: string,
): Checked {
  if (!options || typeof options !== 'object')
    throw new InvalidArgumentError(
      `${what}: pass options with at least \`purpose\` (e.g. { purpose: 'fine-tune' }).`,
    );
  const { resume } = options;
  const partSize = options.partSize ?? resume?.partSize ?? DEFAULT_PART_SIZE;
  if (!whole(partSize) || partSize > MAX_PART_SIZE) {
    throw new InvalidArgumentError(
      `${what}: \`partSize\` must be a whole number of bytes from 1 to ${MAX_PART_SIZE} (64 MB), got ${JSON.stringify(options.partSize ?? resume?.partSize)}.`,
    );
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!whole(concurrency))
    throw new InvalidArgumentError(
      `${what}: \`concurrency\` must be a whole number of 1 or more, got ${JSON.stringify(options.concurrency)}.`,
    );
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (typeof threshold !== 'number' || !Number.isInteger(threshold) || threshold < 0) {
    throw new InvalidArgumentError(
      `${what}: \`threshold\` must be a whole number of bytes, 0 or more, got ${JSON.stringify(options.threshold)}.`,
    );
  }
  if (options.bytes !== undefined && (!Number.isInteger(options.bytes) || options.bytes < 0)) {
    throw new InvalidArgumentError(
      `${what}: \`bytes\` must be the source's size, a whole number of bytes, got ${JSON.stringify(options.bytes)}.`,
    );
  }
  if (size !== undefined && size > MAX_UPLOAD_BYTES) {
    throw new InvalidArgumentError(
      `${what}: the source has ${size} bytes; an Upload takes at most 8 GB (${MAX_UPLOAD_BYTES} bytes). Split the data into several files.`,
    );
  }
  const filename = options.filename ?? resume?.filename ?? defaultName ?? 'training.jsonl';
  const mimeType =
    options.mimeType ??
    (filename.toLowerCase().endsWith('.jsonl')
      ? 'text/jsonl'
      : blobType || 'application/octet-stream');
  const large = resume !== undefined || size === undefined || size > threshold;
  if (large && !(UPLOAD_PURPOSES as readonly string[]).includes(options.purpose)) {
    throw new InvalidArgumentError(
      `${what}: the Uploads API does not take purpose ${JSON.stringify(options.purpose)} (it takes ${UPLOAD_PURPOSES.join(', ')}). Use one of those, or send a file under 512 MB with files.create.`,
    );
  }
  if (resume) {
    if (
      typeof resume !== 'object' ||
      typeof resume.uploadId !== 'string' ||
      !Array.isArray(resume.parts) ||
      !whole(resume.partSize)
    ) {
      throw new InvalidArgumentError(
        `${what}: \`resume\` must be the state \`onPart\` gave (or an UploadInterruptedError's \`resume\`).`,
      );
    }
    if (size !== undefined && resume.bytes !== size) {
      throw new InvalidArgumentError(
        `${what}: \`resume\` is for Upload ${resume.uploadId} of ${resume.bytes} bytes, but this source has ${size}: it is another file (or the file changed). Upload it without \`resume\`.`,
      );
    }
    if (options.filename !== undefined && options.filename !== resume.filename) {
      throw new InvalidArgumentError(
        `${what}: \`resume\` is for ${JSON.stringify(resume.filename)}, not ${JSON.stringify(options.filename)}. Resume with the same file, or upload without \`resume\`.`,
      );
    }
    if (options.partSize !== undefined && options.partSize !== resume.partSize) {
      throw new InvalidArgumentError(
        `${what}: \`resume\` was made with parts of ${resume.partSize} bytes; leave \`partSize\` out (or pass the same) to resume.`,
      );
    }
  }
  return { partSize, concurrency, threshold, filename, mimeType };
}

const isExpired = (error: unknown) =>
  error instanceof APIError &&
  (error.code === 'upload_expired' || (error.status === 400 && /expired/i.test(error.message)));

/** Runs an upload from a PartSource. Used by files.upload and by the Node helpers. */
export function runUpload(
  deps: UploadDeps,
  source: PartSource,
  options: UploadOptions,
  checked: Checked,
  what: string,
): Promise<OpenAiFile> {
  // One span over the whole upload (when an OpenTelemetry provider is registered): the Upload's
  // requests inside it, a child span per part, a `part` event as each is added.
  const attributes = {
    'openai.file.purpose': options.purpose,
    'openai.upload.bytes': source.size ?? options.bytes,
    'openai.upload.part_size': checked.partSize,
  };
  return withSpan(what, attributes, async (span) => {
    const file = await uploadSteps(deps, source, options, checked, what, span);
    span.set({ 'openai.file.id': file.id });
    return file;
  });
}

async function uploadSteps(
  deps: UploadDeps,
  source: PartSource,
  options: UploadOptions,
  checked: Checked,
  what: string,
  span: SpanHandle,
): Promise<OpenAiFile> {
  const { purpose, onProgress, resume, signal, headers, timeout, maxRetries } = options;
  const { partSize, concurrency, threshold, filename, mimeType } = checked;
  const request = { headers, timeout, maxRetries };
  const declared = source.size ?? options.bytes;
  const started = performance.now();
  let lastProgress = -Infinity;
  let bytesSent = 0;
  let partsDone = 0;
  const partsTotal =
    declared === undefined ? undefined : Math.max(1, Math.ceil(declared / partSize));
  const progress = (force: boolean, total = partsTotal) => {
    if (!onProgress) return;
    const now = performance.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    onProgress({ bytesSent, totalBytes: declared, partsDone, partsTotal: total });
  };
  void started;

  try {
    if (signal?.aborted) throw new AbortError('POST', '/uploads', signal.reason);
    // Small: one files.create.
    if (!resume && (declared === undefined || declared <= threshold)) {
      const body = await source.whole();
      await source.finish?.();
      const file = await deps.files.create(
        {
          file: new File([body], filename, { type: body.type || mimeType }),
          purpose: purpose as never,
          ...(options.expires_after ? { expires_after: options.expires_after } : {}),
        },
        { signal, ...request },
      );
      bytesSent = body.size;
      partsDone = 1;
      span.count('upload.bytes', body.size);
      progress(true, 1);
      return file;
    }
    if (declared === undefined) {
      throw new InvalidArgumentError(
        `${what}: pass \`bytes\` (the stream's length): an Upload is created for a known size. Nothing was sent.`,
      );
    }
    return await uploadInParts(
      deps,
      source,
      { ...options, purpose: purpose as UploadPurpose },
      { partSize, concurrency, filename, mimeType, declared, request, span },
      {
        progress,
        sent: (n) => {
          bytesSent += n;
          partsDone += 1;
        },
      },
      what,
    );
  } finally {
    await source.close?.();
  }
}

async function uploadInParts(
  deps: UploadDeps,
  source: PartSource,
  options: UploadOptions & { purpose: UploadPurpose },
  o: {
    partSize: number;
    concurrency: number;
    filename: string;
    mimeType: string;
    declared: number;
    request: Pick<RequestOptions, 'headers' | 'timeout' | 'maxRetries'>;
    span: SpanHandle;
  },
  report: { progress: (force: boolean) => void; sent: (bytes: number) => void },
  what: string,
): Promise<OpenAiFile> {
  const { resume, signal, onPart } = options;
  const keep = options.resumable === true || resume !== undefined;
  const uploadId = resume
    ? resume.uploadId
    : (
        await deps.uploads.create(
          {
            filename: o.filename,
            purpose: options.purpose,
            bytes: o.declared,
            mime_type: o.mimeType,
            ...(options.expires_after ? { expires_after: options.expires_after } : {}),
          },
          { signal, ...o.request },
        )
      ).id;
  o.span.set({ 'openai.upload.id': uploadId, 'openai.upload.resumed': resume !== undefined });
  const parts: Array<string | null> = resume ? [...resume.parts] : [];
  const state = (): UploadResumeState => ({
    uploadId,
    bytes: o.declared,
    partSize: o.partSize,
    filename: o.filename,
    parts: [...parts],
  });
  // Aborts the parts in flight when one fails for good or the caller aborts.
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort);
  const running = new Set<Promise<void>>();
  let failure: unknown;
  let read = 0;
  // A failure of the data itself (invalid, or changed while read) cannot be resumed: cancel.
  let final = false;
  try {
    for (let index = 0; ; index++) {
      while (running.size >= o.concurrency && failure === undefined) await Promise.race(running);
      if (failure !== undefined || inner.signal.aborted) break;
      const part = await source.next(o.partSize);
      if (!part) break;
      const size = sizeOf(part);
      read += size;
      if (read > o.declared) {
        throw new SourceChangedError(
          `${what}: the source gave more than the ${o.declared} bytes it had when the upload started: it changed while being read. Upload it again once it is no longer written to.`,
        );
      }
      if (parts[index]) {
        report.sent(size);
        continue;
      }
      parts[index] = null;
      const partAttributes = {
        'openai.upload.id': uploadId,
        'openai.upload.part.index': index,
        'openai.upload.part.bytes': size,
      };
      const sending = o.span
        .child(`${what} part`, partAttributes, (partSpan) =>
          deps.uploads
            .addPart(uploadId, named(part, `part-${index}`), { signal: inner.signal, ...o.request })
            .then((added) => {
              partSpan.set({ 'openai.upload.part.id': added.id });
              return added;
            }),
        )
        .then((added) => {
          parts[index] = added.id;
          o.span.event('part', partAttributes);
          o.span.count('upload.bytes', size);
          report.sent(size);
          report.progress(false);
          onPart?.(state());
        })
        .catch(async (error: unknown) => {
          if (failure === undefined && !inner.signal.aborted)
            await source.check?.().catch((changed: unknown) => (failure ??= changed));
          failure ??= error;
          inner.abort(failure);
        })
        .finally(() => running.delete(sending));
      running.add(sending);
    }
    await Promise.all(running);
    if (failure !== undefined) throw failure;
    if (signal?.aborted) throw new AbortError('POST', `/uploads/${uploadId}/parts`, signal.reason);
    if (read !== o.declared) {
      throw new SourceChangedError(
        `${what}: the source gave ${read} bytes, but it had ${o.declared} when the upload started: it changed while being read. Upload it again once it is no longer written to.`,
      );
    }
    final = true;
    await source.finish?.();
    final = false;
    const md5 = source.md5?.();
    const done = await deps.uploads.complete(
      uploadId,
      { part_ids: parts as string[], ...(md5 ? { md5 } : {}) },
      { signal, ...o.request },
    );
    report.progress(true);
    if (!done.file)
      throw new FineTuningError(
        `${what}: Upload ${uploadId} was completed but the answer has no file. Look for it with files.list.`,
      );
    return done.file;
  } catch (error) {
    inner.abort(error);
    await Promise.allSettled(running);
    if (isExpired(error)) throw new UploadExpiredError(uploadId, { cause: error });
    if (keep && !final && !(error instanceof SourceChangedError)) {
      const why = error instanceof Error ? error.message : String(error);
      throw new UploadInterruptedError(
        `${what}: Upload ${uploadId} stopped after ${parts.filter(Boolean).length} part(s) (${why}). It is kept for an hour: pass error.resume as \`resume\` to send only what is missing.`,
        state(),
        { cause: error },
      );
    }
    // Nothing half-uploaded is left pending.
    await deps.uploads.cancel(uploadId, { ...o.request }).catch(() => undefined);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** files.upload: any source, any size. */
export function uploadSource(
  files: UploadDeps['files'],
  uploads: UploadDeps['uploads'],
  source: UploadSource,
  options: UploadOptions,
): Promise<OpenAiFile> {
  const what = 'files.upload';
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  const parts = toPartSource(
    source,
    options?.bytes,
    typeof threshold === 'number' ? threshold : DEFAULT_THRESHOLD,
  );
  const name = typeof File !== 'undefined' && source instanceof File ? source.name : undefined;
  const type = typeof Blob !== 'undefined' && source instanceof Blob ? source.type : undefined;
  const checked = checkOptions(options, parts.size ?? options?.bytes, name, type, what);
  return runUpload({ files, uploads }, parts, options, checked, what);
}
