// files.create, loaded on the first upload: a File, Blob or string goes as FormData (re-sent as it
// is on a retry); a ReadableStream is streamed as multipart, once.
import { createFile } from '../../generated/sdk.gen.ts';
import type { CreateFileRequest, OpenAiFile } from '../../generated/types.gen.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import { checkOptions } from '../calls/call-options.ts';
import { InvalidArgumentError } from '../errors/base.ts';
import { checkBody } from '../transport/args.ts';
import type { RequestClient } from '../transport/transport.ts';
import type { CreateFileParams } from './params.ts';
import { streamedMultipart } from './multipart-stream.ts';

function toFile(file: Blob | File | string, filename: string | undefined): File {
  if (typeof File !== 'undefined' && file instanceof File && !filename) return file;
  if (typeof file === 'string')
    return new File([file], filename ?? 'training.jsonl', { type: 'application/jsonl' });
  if (file instanceof Blob)
    return new File([file], filename ?? 'training.jsonl', { type: file.type });
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
    if (value instanceof Blob)
      form.append(key, value, value instanceof File ? value.name : undefined);
    else if (typeof value === 'object')
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else form.append(key, String(value));
  };
  for (const [key, value] of Object.entries(body)) add(key, value);
  return form;
}

/** What files.create sends: the body, how it is serialized, and its Content-Type when it is fixed. */
export function uploadRequest(params: CreateFileParams): {
  body: object;
  serialize: (body: never) => unknown;
  contentType?: string;
} {
  const { file, filename, ...rest } = params;
  // Duck-typed, so streams from another realm or a polyfill are accepted too.
  if (typeof (file as ReadableStream | null)?.getReader === 'function' && !(file instanceof Blob)) {
    const multipart = streamedMultipart(rest, {
      name: filename ?? 'training.jsonl',
      type: 'application/jsonl',
      stream: file as ReadableStream<Uint8Array>,
    });
    return { body: rest, serialize: () => multipart.body, contentType: multipart.contentType };
  }
  return {
    body: { ...rest, file: toFile(file as Blob | string, filename) },
    serialize: toFormData as (body: never) => unknown,
  };
}

/**
 * Sends files.create: checks its arguments, then posts the body with its Content-Type. Here, not
 * in the Files resource, so that the code loaded at start carries none of it.
 */
export function sendFile(
  client: RequestClient,
  params: CreateFileParams,
  options: RequestOptions | undefined,
): Promise<{ data: OpenAiFile; response: Response }> {
  checkBody(params, 'files.create', 'params');
  (checkOptions as (value: unknown) => void)(options);
  const upload = uploadRequest(params);
  const headers = upload.contentType
    ? { ...options?.headers, 'Content-Type': upload.contentType }
    : options?.headers;
  return call(
    client,
    createFile,
    { body: upload.body as CreateFileRequest },
    { ...options, headers },
    { bodySerializer: upload.serialize },
  ).withResponse();
}
