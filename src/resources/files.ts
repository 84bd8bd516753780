import type { RequestClient } from '../transport/transport.ts';
import { deleteFile, downloadFile, listFiles, retrieveFile } from '../../generated/sdk.gen.ts';
import type {
  DeleteFileResponse,
  ListFilesData,
  ListFilesResponse,
  OpenAiFile,
} from '../../generated/types.gen.ts';
import { ApiPromise } from '../calls/api-promise.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import { listPages } from '../pagination/list.ts';
import type { UploadOptions, UploadSource } from '../upload/upload.ts';
import { Uploads } from './uploads.ts';
import type { PagePromise } from '../pagination/page-promise.ts';
import type { CreateFileParams } from '../upload/params.ts';

export type { CreateFileParams };

/** Query of `files.list`: `purpose`, `limit`, `order` and `after`. */
export type ListFilesParams = NonNullable<ListFilesData['query']>;

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

  /** Uploads a file (multipart). The multipart code is loaded on the first upload. */
  create(params: CreateFileParams, options?: RequestOptions): ApiPromise<OpenAiFile> {
    return new ApiPromise(
      import('../upload/form.ts').then(({ sendFile }) => sendFile(this.#client, params, options)),
    );
  }

  upload(source: UploadSource, options: UploadOptions): Promise<OpenAiFile> {
    return import('../upload/upload.ts').then(({ uploadSource }) =>
      uploadSource(this, new Uploads(this.#client), source, options),
    );
  }

  /** Gets a file's metadata. */
  retrieve(fileId: string, options?: RequestOptions): ApiPromise<OpenAiFile> {
    return call(this.#client, retrieveFile, { path: { file_id: fileId } }, options);
  }

  /** Lists files. Await it for one page, or `for await` over it for every file (`purpose` and `order` are kept). */
  list(params?: ListFilesParams, options?: RequestOptions): PagePromise<ListFilesResponse> {
    return listPages('files.list', params, options, (query) =>
      call(this.#client, listFiles, { query }, options),
    );
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
    const exchange = call(this.#client, downloadFile, { path: { file_id: fileId } }, options, {
      parseAs: 'stream',
    });
    return new ApiPromise(
      exchange.withResponse().then(({ response }) => ({ data: response, response })),
    );
  }
}
