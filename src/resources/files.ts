import type { RequestClient } from '../transport/transport.ts';
import { createFile, deleteFile, downloadFile, listFiles, retrieveFile } from '../../generated/sdk.gen.ts';
import type {
  CreateFileRequest,
  DeleteFileResponse,
  ListFilesData,
  ListFilesResponse,
  OpenAiFile,
} from '../../generated/types.gen.ts';
import { ApiPromise } from '../api-promise.ts';
import { InvalidArgumentError } from '../errors.ts';
import { call, type RequestOptions } from '../internal/call.ts';
import { listPages } from '../pagination/list.ts';
import type { PagePromise } from '../pagination/page-promise.ts';

/** Query of `files.list`: `purpose`, `limit`, `order` and `after`. */
export type ListFilesParams = NonNullable<ListFilesData['query']>;

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

function toFile(file: Blob | File | string, filename: string | undefined): File {
  if (typeof File !== 'undefined' && file instanceof File && !filename) return file;
  if (typeof file === 'string') return new File([file], filename ?? 'training.jsonl', { type: 'application/jsonl' });
  if (file instanceof Blob) return new File([file], filename ?? 'training.jsonl', { type: file.type });
  throw new InvalidArgumentError(
    `files.create: \`file\` must be a File, Blob or string, got ${file === null ? 'null' : typeof file}.`,
  );
}

// The API reads nested multipart fields in bracket form (`expires_after[anchor]=created_at`); the
// generated serializer would send the object as one JSON string.
function toFormData(body: Record<string, unknown>): FormData {
  const form = new FormData();
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (value instanceof Blob) form.append(key, value, value instanceof File ? value.name : undefined);
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else form.append(key, String(value));
  };
  for (const [key, value] of Object.entries(body)) add(key, value);
  return form;
}

/**
 * Files: upload training data before creating a job with it.
 * @example
 * const file = await ft.files.create({ file: new File([jsonl], 'train.jsonl'), purpose: 'fine-tune' });
 * const text = await (await ft.files.content(file.id)).text();
 */
export class Files {
  readonly #client: RequestClient;
  constructor(client: RequestClient) {
    this.#client = client;
  }

  /** Uploads a file (multipart). */
  create(params: CreateFileParams, options?: RequestOptions): ApiPromise<OpenAiFile> {
    const { file, filename, ...rest } = params;
    // Duck-typed, so streams from another realm or a polyfill are accepted too.
    if (typeof (file as ReadableStream).getReader === 'function' && !(file instanceof Blob)) {
      // The streamed multipart writer is loaded only when a stream is uploaded.
      return new ApiPromise(
        import('../upload/multipart-stream.ts').then(({ streamedMultipart }) => {
          const multipart = streamedMultipart(rest, { name: filename ?? 'training.jsonl', type: 'application/jsonl', stream: file as ReadableStream<Uint8Array> });
          const headers = { ...options?.headers, 'Content-Type': multipart.contentType };
          return call(this.#client, createFile, { body: rest as CreateFileRequest }, { ...options, headers }, {
            bodySerializer: () => multipart.body,
          }).withResponse();
        }),
      );
    }
    const body = { ...rest, file: toFile(file as Blob | string, filename) };
    return call(this.#client, createFile, { body }, options, { bodySerializer: toFormData });
  }

  /** Gets a file's metadata. */
  retrieve(fileId: string, options?: RequestOptions): ApiPromise<OpenAiFile> {
    return call(this.#client, retrieveFile, { path: { file_id: fileId } }, options);
  }

  /** Lists files. Await it for one page, or `for await` over it for every file (`purpose` and `order` are kept). */
  list(params?: ListFilesParams, options?: RequestOptions): PagePromise<ListFilesResponse> {
    return listPages('files.list', params, options, (query) => call(this.#client, listFiles, { query }, options));
  }

  /** Deletes a file. */
  delete(fileId: string, options?: RequestOptions): ApiPromise<DeleteFileResponse> {
    return call(this.#client, deleteFile, { path: { file_id: fileId } }, options);
  }

  /**
   * Downloads a file's content. Resolves with the `Response` so the body can be read as text,
   * bytes or a stream; it is not parsed.
   */
  content(fileId: string, options?: RequestOptions): ApiPromise<Response> {
    const exchange = call(this.#client, downloadFile, { path: { file_id: fileId } }, options, { parseAs: 'stream' });
    return new ApiPromise(exchange.withResponse().then(({ response }) => ({ data: response, response })));
  }
}
