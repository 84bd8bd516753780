// Turns every accepted source into one thing: an async sequence of byte chunks. Nothing here reads
// the whole source at once; a Blob and a stream are read chunk by chunk.
import { InvalidArgumentError } from '../errors.ts';

/** What `validateTrainingData` reads: JSONL text, a Blob/File, or a stream of bytes. */
export type TrainingDataSource =
  | string
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

const STRING_CHUNK = 1 << 20;

async function* fromString(text: string): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  // Encode in slices so a large string is not duplicated as one large byte array. A slice
  // boundary inside a surrogate pair is moved back by one so the pair stays whole.
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + STRING_CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield encoder.encode(text.slice(start, end));
    start = end;
  }
}

async function* fromStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield toBytes(value);
    }
  } finally {
    reader.releaseLock();
  }
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new InvalidArgumentError(
    `validateTrainingData: the stream gave a chunk of type ${value === null ? 'null' : typeof value}; ` +
      'it must give bytes (Uint8Array). Pipe text streams through a TextEncoderStream first.',
  );
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** The size in bytes of a source that knows it (a Blob; a string's UTF-8 length), else undefined. */
export function sourceSize(source: TrainingDataSource): number | undefined {
  if (typeof source === 'string') return utf8Length(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  return undefined;
}

/** The source as byte chunks; throws for anything that is not a readable source. */
export function toChunks(source: TrainingDataSource): AsyncIterable<Uint8Array> {
  if (typeof source === 'string') return fromString(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return fromStream(source.stream());
  if (source && typeof (source as ReadableStream).getReader === 'function') {
    return fromStream(source as ReadableStream<Uint8Array>);
  }
  if (source && typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const iterable = source as AsyncIterable<unknown>;
    return (async function* () {
      for await (const chunk of iterable) yield toBytes(chunk);
    })();
  }
  const got = source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source;
  throw new InvalidArgumentError(
    `validateTrainingData: the source must be a string, Blob, File, ReadableStream or async iterable of bytes, got ${got}. ` +
      "To read a file from disk, use validateTrainingFile(path) from 'openai-fine-tuning/node'.",
  );
}
