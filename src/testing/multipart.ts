import { invalid, HttpError } from './errors.ts';
import type { Spool, Spooled } from './file-store.ts';

/** A file part, spooled. */
export interface SpooledFile {
  readonly name: string;
  readonly type: string;
  readonly content: Spooled;
}

export interface MultipartLimits {
  /** The most bytes one file part may have; a larger part fails with 400 naming the limit. */
  maxFileBytes: number;
  /** How the limit is described in that error (e.g. "64 MB"). */
  describe: string;
}

const MAX_FIELD_BYTES = 1 << 20;
const MAX_HEADER_BYTES = 16 << 10;
const HEADER_END = Buffer.from('\r\n\r\n');

function boundaryOf(contentType: string | undefined): string {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
    throw invalid(
      `This operation takes a multipart/form-data body (got '${contentType ?? 'none'}').`,
      null,
    );
  }
  const match = contentType.match(/boundary=(?:"([^"]+)"|([^;\s]+))/i);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary)
    throw invalid(
      'The multipart/form-data body could not be parsed: the Content-Type names no boundary.',
      null,
    );
  return boundary;
}

function disposition(headers: string): { name: string; filename?: string; type: string } {
  const lines = headers.split('\r\n');
  let name: string | undefined;
  let filename: string | undefined;
  let type = '';
  for (const line of lines) {
    const [key, ...rest] = line.split(':');
    const value = rest.join(':').trim();
    if (key?.toLowerCase() === 'content-disposition') {
      name = value.match(/;\s*name="([^"]*)"/i)?.[1] ?? value.match(/;\s*name=([^;\s]+)/i)?.[1];
      filename =
        value.match(/;\s*filename="([^"]*)"/i)?.[1] ?? value.match(/;\s*filename=([^;\s]+)/i)?.[1];
    } else if (key?.toLowerCase() === 'content-type') {
      type = value;
    }
  }
  if (name === undefined)
    throw invalid('The multipart/form-data body could not be parsed: a part has no name.', null);
  const decode = (s: string) => s.replace(/%0D|%0A|%22/gi, (c) => decodeURIComponent(c));
  return {
    name: decode(name),
    ...(filename !== undefined ? { filename: decode(filename) } : {}),
    type,
  };
}

/**
 * Reads a multipart body as it arrives. Text fields come back as strings (with `a[b]` names
 * nested as the API reads them), file parts as SpooledFile. On failure every spool is freed.
 */
export async function readMultipartStream(
  req: AsyncIterable<Uint8Array>,
  contentType: string | undefined,
  spool: () => Spool,
  limits: MultipartLimits,
): Promise<Record<string, unknown>> {
  const boundary = boundaryOf(contentType);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const out: Record<string, unknown> = {};
  const files: Spooled[] = [];
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  // The body is read as if it began with CRLF, so the first delimiter looks like the others.
  let pending: Buffer = Buffer.from('\r\n');
  let part: { name: string; filename?: string; type: string } | undefined;
  let sink: Spool | undefined;
  let size = 0;
  let field: Buffer[] = [];

  const put = (key: string, value: unknown) => {
    const nested = key.match(/^([^[\]]+)\[([^[\]]+)\]$/);
    if (nested) ((out[nested[1]!] ??= {}) as Record<string, unknown>)[nested[2]!] = value;
    else out[key] = value;
  };
  const emit = async (bytes: Buffer) => {
    if (bytes.byteLength === 0) return;
    size += bytes.byteLength;
    if (sink) {
      if (size > limits.maxFileBytes) {
        throw invalid(
          `The file part '${part!.name}' is larger than ${limits.describe}: send at most ${limits.maxFileBytes} bytes in one part.`,
          part!.name,
          'file_too_large',
        );
      }
      // A view of the request's chunk: Node gives each chunk its own memory, never reused.
      await sink.write(bytes);
    } else {
      if (size > MAX_FIELD_BYTES)
        throw invalid(
          `The field '${part!.name}' is larger than 1 MB; send file content as a file part.`,
          part!.name,
        );
      field.push(Buffer.from(bytes));
    }
  };
  const finishPart = async () => {
    if (sink) {
      const content = await sink.end();
      files.push(content);
      put(part!.name, {
        name: part!.filename ?? '',
        type: part!.type,
        content,
      } satisfies SpooledFile);
    } else {
      put(part!.name, Buffer.concat(field).toString('utf8'));
    }
    sink = undefined;
    part = undefined;
    field = [];
    size = 0;
  };

  try {
    for await (const received of req) {
      const chunk = Buffer.isBuffer(received)
        ? received
        : Buffer.from(received.buffer, received.byteOffset, received.byteLength);
      const where: string = state;
      if (pending.byteLength === 0) pending = chunk;
      else if (
        (where === 'preamble' || where === 'body') &&
        pending.byteLength < delimiter.byteLength &&
        chunk.byteLength >= delimiter.byteLength
      ) {
        // What was kept back is shorter than a delimiter, and the chunk longer: a delimiter that
        // starts in what was kept ends in the junction, so look there only, and a file part's bytes
        // are not copied once more with each chunk.
        const junction = Buffer.concat([pending, chunk.subarray(0, delimiter.byteLength - 1)]);
        if (junction.indexOf(delimiter) === -1) {
          if (where === 'body') await emit(pending);
          pending = chunk;
        } else pending = Buffer.concat([pending, chunk]);
      } else pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (state === 'done') {
          pending = Buffer.alloc(0);
          break;
        }
        if (state === 'preamble' || state === 'body') {
          const at = pending.indexOf(delimiter);
          if (at === -1) {
            // Keep what could be the start of a delimiter; the rest is data.
            const keep = Math.min(pending.byteLength, delimiter.byteLength - 1);
            if (state === 'body') await emit(pending.subarray(0, pending.byteLength - keep));
            pending = pending.subarray(pending.byteLength - keep);
            break;
          }
          if (state === 'body') {
            await emit(pending.subarray(0, at));
            await finishPart();
          }
          pending = pending.subarray(at + delimiter.byteLength);
          state = 'after-delimiter';
        }
        if (state === 'after-delimiter') {
          if (pending.byteLength < 2) break;
          const next = pending.subarray(0, 2).toString('latin1');
          if (next === '--') {
            state = 'done';
            continue;
          }
          // Transport padding (spaces) may follow a delimiter before its CRLF.
          const crlf = pending.indexOf('\r\n');
          if (crlf === -1) break;
          pending = pending.subarray(crlf + 2);
          state = 'headers';
        }
        if (state === 'headers') {
          const end = pending.indexOf(HEADER_END);
          if (end === -1) {
            if (pending.byteLength > MAX_HEADER_BYTES)
              throw invalid(
                'The multipart/form-data body could not be parsed: a part header is too long.',
                null,
              );
            break;
          }
          part = disposition(pending.subarray(0, end).toString('utf8'));
          pending = pending.subarray(end + HEADER_END.byteLength);
          if (part.filename !== undefined) sink = spool();
          state = 'body';
        }
      }
    }
    if (state !== 'done')
      throw invalid(
        'The multipart/form-data body could not be parsed: it ends before its closing boundary.',
        null,
      );
    return out;
  } catch (error) {
    sink?.abort();
    for (const f of files) f.discard();
    if (error instanceof HttpError) throw error;
    throw new HttpError(
      400,
      `The multipart/form-data body could not be read: ${(error as Error).message}`,
      { param: null },
    );
  }
}
