// The local server's multipart/form-data reader, over @fastify/busboy (the maintained fork of busboy;
// see the README's dependency list for why). What is ours: the limits, and every refusal as a 400 in
// the API's error shape, each saying what was wrong and what to do.
//
// Where busboy cannot keep what the hand-written parser did, it says so here:
// - a part header over MAX_HEADER_BYTES is cut there by busboy, not refused (memory stays bounded;
//   the part's name, when cut off, then fails as "a part has no name");
// - a part without a Content-Disposition, or one whose disposition is not `form-data`, is skipped
//   by busboy rather than refused as a part without a name;
// - a file part's `type` is its media type lower-cased without parameters, `text/plain` when the
//   part names none (no handler reads it).
import { once } from 'node:events';
import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy';
import { HttpError, invalid } from './errors.ts';
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
/** The API's multipart operations take at most four parts (`createFile`); this leaves room. */
export const MAX_PARTS = 100;

function checkContentType(contentType: string | undefined): asserts contentType is string {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
    throw invalid(
      `This operation takes a multipart/form-data body (got '${contentType ?? 'none'}').`,
      null,
    );
  }
  // busboy takes an empty boundary (`boundary=`); the API's clients never send one.
  if (!/boundary=(?:"[^"]+"|[^;\s]+)/i.test(contentType))
    throw unparsable('the Content-Type names no boundary');
}

const unparsable = (what: string) =>
  invalid(`The multipart/form-data body could not be parsed: ${what}.`, null);

/** Browsers and undici escape `"`, CR and LF in names as `%22`, `%0D`, `%0A` (the HTML form rules). */
const decodeName = (name: string) =>
  name.replace(/%0D|%0A|%22/gi, (escaped) => decodeURIComponent(escaped));

/** A busboy error as the 400 this reader gives. */
function refusal(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of multipart data/i.test(message))
    return unparsable('it ends before its closing boundary');
  return new HttpError(400, `The multipart/form-data body could not be read: ${message}`, {
    param: null,
  });
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
  checkContentType(contentType);
  const form = new MultipartForm(spool, limits);
  let parser: BusboyInstance;
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      // The file name as sent (busboy would keep only its last path segment).
      preservePath: true,
      // A part is a file when it has a file name, whatever its type.
      isPartAFile: (_name, _type, filename) => filename !== undefined,
      limits: {
        fieldSize: MAX_FIELD_BYTES,
        fileSize: limits.maxFileBytes,
        parts: MAX_PARTS,
        headerSize: MAX_HEADER_BYTES,
      },
    });
  } catch (error) {
    throw refusal(error);
  }
  form.listen(parser);
  try {
    for await (const chunk of req) {
      if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), form.failed]);
      form.throwIfFailed();
    }
    const finished = once(parser, 'finish');
    parser.end();
    await Promise.race([finished, form.failed]);
    return await Promise.race([form.complete(), form.failed]);
  } catch (error) {
    parser.destroy();
    throw form.abandon(error);
  }
}

/** What has been read of one form: its fields, its spooled files, and the first failure. */
class MultipartForm {
  readonly fields: Record<string, unknown> = {};
  /** Settles with the first failure; never resolves. */
  readonly failed: Promise<never>;
  #failure: unknown;
  #fail: (error: unknown) => void = () => {};
  /** One per file part: spooling, then spooled. */
  readonly #files: Array<Promise<void>> = [];
  readonly #sinks = new Set<Spool>();
  readonly #spooled: Spooled[] = [];
  readonly #streams: BusboyFileStream[] = [];

  constructor(
    readonly spool: () => Spool,
    readonly limits: MultipartLimits,
  ) {
    this.failed = new Promise<never>((_resolve, reject) => {
      this.#fail = (error) => {
        if (this.#failure !== undefined) return;
        this.#failure = refusal(error);
        reject(this.#failure);
      };
    });
    // Awaited only in a race: a failure before the race is still seen by throwIfFailed.
    this.failed.catch(() => {});
  }

  listen(parser: BusboyInstance): void {
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (name === undefined) return this.#fail(unparsable('a part has no name'));
      if (valueTruncated)
        return this.#fail(
          invalid(
            `The field '${decodeName(name)}' is larger than 1 MB; send file content as a file part.`,
            decodeName(name),
          ),
        );
      this.#put(decodeName(name), value);
    });
    parser.on('file', (name, stream, filename, _encoding, type) => {
      this.#streams.push(stream);
      if (name === undefined) {
        stream.resume();
        return this.#fail(unparsable('a part has no name'));
      }
      this.#files.push(this.#spoolFile(decodeName(name), decodeName(filename), type, stream));
    });
    parser.on('partsLimit', () =>
      this.#fail(
        invalid(
          `The multipart/form-data body has more than ${MAX_PARTS} parts: send only the fields the operation takes.`,
          null,
        ),
      ),
    );
    parser.on('error', (error) => this.#fail(error));
  }

  throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** The fields and files, once every file part is spooled. */
  async complete(): Promise<Record<string, unknown>> {
    await Promise.all(this.#files);
    this.throwIfFailed();
    return this.fields;
  }

  /** Frees every spool, open or done; returns the error to throw (the first failure). */
  abandon(error: unknown): unknown {
    this.#fail(error);
    for (const stream of this.#streams) stream.destroy();
    for (const sink of this.#sinks) sink.abort();
    this.#sinks.clear();
    for (const content of this.#spooled) content.discard();
    return this.#failure;
  }

  async #spoolFile(
    name: string,
    filename: string,
    type: string,
    stream: BusboyFileStream,
  ): Promise<void> {
    const sink = this.spool();
    this.#sinks.add(sink);
    // busboy cuts a file at the limit and says so: refuse at once rather than read on.
    stream.on('limit', () =>
      this.#fail(
        invalid(
          `The file part '${name}' is larger than ${this.limits.describe}: send at most ${this.limits.maxFileBytes} bytes in one part.`,
          name,
          'file_too_large',
        ),
      ),
    );
    try {
      for await (const chunk of stream) {
        if (this.#failure !== undefined) return;
        await sink.write(chunk as Uint8Array);
      }
      if (this.#failure !== undefined) return;
      const content = await sink.end();
      this.#sinks.delete(sink);
      // Failed while it was ending: abandon() has been and gone.
      if (this.#failure !== undefined) return content.discard();
      this.#spooled.push(content);
      this.#put(name, { name: filename, type, content } satisfies SpooledFile);
    } catch (error) {
      // A part cut short ("terminated early") is a body that ends before its closing boundary.
      this.#fail(
        /terminated early/i.test(String((error as Error)?.message))
          ? unparsable('it ends before its closing boundary')
          : error,
      );
    }
  }

  #put(key: string, value: unknown): void {
    const nested = key.match(/^([^[\]]+)\[([^[\]]+)\]$/);
    if (nested) ((this.fields[nested[1]!] ??= {}) as Record<string, unknown>)[nested[2]!] = value;
    else this.fields[key] = value;
  }
}
