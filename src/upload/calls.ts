// The Uploads API calls behind ft.uploads, loaded on first use (the generated functions are
// passed in by the facade, which names them). See src/resources/uploads.ts for
// why none of them can make a second Upload or a second File.
import type { AddUploadPartRequest, Upload, UploadPart } from '../../generated/types.gen.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { InvalidArgumentError } from '../errors/base.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import {
  firstSend,
  type CompleteUploadParams,
  type CreateUploadParams,
  type UploadPartData,
} from './params.ts';
import type { RequestClient } from '../transport/transport.ts';
import { streamedMultipart } from './multipart-stream.ts';

// The body of each attempt. A File keeps its name: files.upload names each part by its place in
// the file (`part-<n>`, from 0), which the API does not read and the local server uses to hash the
// parts in order as they arrive. Bytes in memory for the part (firstSend) go on the first attempt
// only, streamed from the buffer as they are: a FormData would copy them into a Blob, and fetch
// would copy that again as it sends (466 MB of RSS for 64 MB of parts in flight, issue #32). A
// retry sends a FormData of the part's Blob (read from disk again, for a file).
const partForm = (body: AddUploadPartRequest) => {
  const data = body.data as Blob;
  const name =
    typeof File !== 'undefined' && data instanceof File && data.name ? data.name : 'part';
  let first = firstSend.get(data);
  firstSend.delete(data);
  if (!first)
    return (): FormData => {
      const form = new FormData();
      form.append('data', data, name);
      return form;
    };
  // Every attempt is the same multipart body under one boundary (the Content-Type is set once):
  // from the bytes in memory first, then from the part's Blob.
  const boundary = `----openai-fine-tuning-${crypto.randomUUID()}`;
  const file = { field: 'data', name, type: data.type };
  const attempt = (): ReadableStream<Uint8Array> => {
    const stream = first ? bytesStream(first) : data.stream();
    first = undefined;
    return streamedMultipart({}, { ...file, stream }, boundary).body;
  };
  return Object.assign(attempt, { contentType: `multipart/form-data; boundary=${boundary}` });
};

/** The bytes as a stream of one chunk (a view, not a copy). */
const bytesStream = (bytes: Uint8Array): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

function toBlob(data: UploadPartData): Blob {
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data;
  if (typeof data === 'string' || data instanceof Uint8Array || data instanceof ArrayBuffer)
    return new Blob([data as BlobPart]);
  throw new InvalidArgumentError(
    `uploads.addPart: \`data\` must be a Blob, Uint8Array, ArrayBuffer or string, got ${data === null ? 'null' : typeof data}.`,
  );
}

export function create(
  client: RequestClient,
  createUpload: typeof import('../../generated/sdk.gen.ts').createUpload,
  params: CreateUploadParams,
  options?: RequestOptions,
): ApiPromise<Upload> {
  return call(client, createUpload, { body: params }, options, undefined, {
    unsafeToResend:
      'Not retried: the Upload may have been created, and the Uploads API cannot list Uploads to find it. Create it again: an unused Upload makes no File and expires in an hour.',
  });
}

export function addPart(
  client: RequestClient,
  addUploadPart: typeof import('../../generated/sdk.gen.ts').addUploadPart,
  uploadId: string,
  data: UploadPartData,
  options?: RequestOptions,
): ApiPromise<UploadPart> {
  const blob = toBlob(data);
  return call(
    client,
    addUploadPart,
    { path: { upload_id: uploadId }, body: { data: blob } as AddUploadPartRequest },
    options,
    { bodySerializer: partForm },
  );
}

export function complete(
  client: RequestClient,
  completeUpload: typeof import('../../generated/sdk.gen.ts').completeUpload,
  uploadId: string,
  params: CompleteUploadParams,
  options?: RequestOptions,
): ApiPromise<Upload> {
  return call(client, completeUpload, { path: { upload_id: uploadId }, body: params }, options);
}

export function cancel(
  client: RequestClient,
  cancelUpload: typeof import('../../generated/sdk.gen.ts').cancelUpload,
  uploadId: string,
  options?: RequestOptions,
): ApiPromise<Upload> {
  return call(client, cancelUpload, { path: { upload_id: uploadId } }, options);
}
