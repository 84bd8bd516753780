// What the file and upload calls take, on the calls floor: the resources (src/resources/files.ts,
// uploads.ts) and the upload code (form.ts, calls.ts, upload.ts) both use these, so neither has to
// import the other's floor.
import type {
  CompleteUploadRequest,
  CreateFileRequest,
  CreateUploadRequest,
  OpenAiFile,
  Upload,
  UploadPart,
} from '../../generated/types.gen.ts';
import type { RequestOptions } from '../calls/call.ts';

/** What `files.create` takes: the file (a File, a Blob or a string) and its purpose. */
export interface CreateFileParams extends Omit<CreateFileRequest, 'file'> {
  /**
   * The file's content. A `File` keeps its name; a `Blob`, string or stream is named after
   * `filename`. A `ReadableStream` is streamed as it is read (never buffered), so that request
   * cannot be retried; to upload from disk use `openai-fine-tuning/node`.
   */
  file: Blob | File | string | ReadableStream<Uint8Array>;
  /**
   * The name the upload gets when `file` has none. The API looks at the extension (`.jsonl`).
   * @default 'training.jsonl'
   */
  filename?: string;
}

/** What `uploads.create` takes: `filename`, `purpose`, `bytes`, `mime_type` (and `expires_after`). */
export type CreateUploadParams = CreateUploadRequest;

/** What `uploads.complete` takes: the part ids in order, and the whole file's MD5 (hex) if known. */
export type CompleteUploadParams = CompleteUploadRequest;

/**
 * A part's bytes already in memory, sent on its first attempt instead of reading the part's Blob
 * (a slice of a file on disk, which is read again only if the part must be re-sent, so a failed
 * part is not held in memory). The bytes are streamed as they are, never copied into a Blob: the
 * buffer may be reused for a later part once the call has settled. Set by the upload code for the
 * Blob it passes to `uploads.addPart`; taken, and so let go, when that call is made.
 */
export const firstSend = new WeakMap<Blob, Uint8Array>();

/** A part's bytes: at most 64 MB. */
export type UploadPartData = Blob | Uint8Array | ArrayBuffer | string;

/** The calls an upload makes: `ft.files` and `ft.uploads` have them. */
export interface UploadDeps {
  files: { create(params: CreateFileParams, options?: RequestOptions): Promise<OpenAiFile> };
  uploads: {
    create(params: CreateUploadParams, options?: RequestOptions): Promise<Upload>;
    addPart(uploadId: string, data: UploadPartData, options?: RequestOptions): Promise<UploadPart>;
    complete(
      uploadId: string,
      params: CompleteUploadParams,
      options?: RequestOptions,
    ): Promise<Upload>;
    cancel(uploadId: string, options?: RequestOptions): Promise<Upload>;
  };
}
