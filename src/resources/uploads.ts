// The Uploads API: a File built from parts (each at most 64 MB, up to 8 GB in all) sent in
// parallel. For one call that picks Files or Uploads by size, see `files.upload`. The calls
// themselves (src/upload/calls.ts) are loaded on first use.
//
// No duplicates after an ambiguous failure (a reset or a 5xx after the request may have arrived):
// - `create` is not re-sent: the Uploads API has no list to look for the Upload a lost create made,
//   so the error says so instead. A lost Upload makes no File, costs nothing and expires in an hour.
// - `addPart` is re-sent: a part that arrived twice is an extra part, and only the part ids given
//   to `complete` make the File.
// - `complete` is re-sent: an Upload completes at most once into one File; the API answers a
//   repeated complete with the completed Upload or an error, never a second File.
import type { RequestClient } from '../transport/transport.ts';
import {
  addUploadPart,
  cancelUpload,
  completeUpload,
  createUpload,
} from '../../generated/sdk.gen.ts';
import type { Upload, UploadPart } from '../../generated/types.gen.ts';
import { ApiPromise } from '../calls/api-promise.ts';
import type { RequestOptions } from '../calls/call.ts';

import type { CompleteUploadParams, CreateUploadParams, UploadPartData } from '../upload/params.ts';

export type { CompleteUploadParams, CreateUploadParams, UploadPartData };

type Calls = typeof import('../upload/calls.ts');
const later = <T>(run: (calls: Calls) => ApiPromise<T>): ApiPromise<T> =>
  new ApiPromise(import('../upload/calls.ts').then((calls) => run(calls).withResponse()));

/**
 * Uploads: create an Upload, add parts (in parallel), complete it into a File.
 * @example
 * const upload = await ft.uploads.create({ filename: 'train.jsonl', purpose: 'fine-tune', bytes: blob.size, mime_type: 'text/jsonl' });
 * const part = await ft.uploads.addPart(upload.id, blob);
 * const done = await ft.uploads.complete(upload.id, { part_ids: [part.id] });
 * console.log(done.file?.id);
 */
export class Uploads {
  readonly #client: RequestClient;
  constructor(client: RequestClient) {
    this.#client = client;
  }

  /** Creates an Upload (status `pending`, expires in an hour). Not re-sent after an ambiguous failure. */
  create(params: CreateUploadParams, options?: RequestOptions): ApiPromise<Upload> {
    return later((c) => c.create(this.#client, createUpload, params, options));
  }

  /** Adds a part (at most 64 MB). Retried on its own like any request; a Blob is re-read on a retry. */
  addPart(
    uploadId: string,
    data: UploadPartData,
    options?: RequestOptions,
  ): ApiPromise<UploadPart> {
    return later((c) => c.addPart(this.#client, addUploadPart, uploadId, data, options));
  }

  /** Completes the Upload into a File (`upload.file`): the part ids in order, and optionally `md5`. */
  complete(
    uploadId: string,
    params: CompleteUploadParams,
    options?: RequestOptions,
  ): ApiPromise<Upload> {
    return later((c) => c.complete(this.#client, completeUpload, uploadId, params, options));
  }

  /** Cancels a pending Upload: no part can be added after, and it never becomes a File. */
  cancel(uploadId: string, options?: RequestOptions): ApiPromise<Upload> {
    return later((c) => c.cancel(this.#client, cancelUpload, uploadId, options));
  }
}
