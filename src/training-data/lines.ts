// Splits a byte stream into JSONL lines without ever holding more than one line (plus one chunk)
// in memory. Works on bytes, not text, so a bad UTF-8 sequence is pinned to its own line instead of
// corrupting the decoder's state for the rest of the file.

/** One line as raw bytes, without its `\n` (and without a `\r` before it). */
export interface RawLine {
  /** 1-based line number. */
  number: number;
  bytes: Uint8Array;
  /** False for a last line that ends without a newline. */
  terminated: boolean;
  /** True when the line ended in `\r\n`. */
  crlf: boolean;
  /** Set when the line was longer than the limit: `bytes` is then empty and `length` is the size seen. */
  tooLong: boolean;
  /** The line's length in bytes (without the line ending). */
  length: number;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #onLine: (line: RawLine) => void;
  #parts: Uint8Array[] = [];
  #partsLength = 0;
  #skipping = false;
  #number = 0;

  constructor(maxLineBytes: number, onLine: (line: RawLine) => void) {
    this.#maxLineBytes = maxLineBytes;
    this.#onLine = onLine;
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(LF, start);
      if (end === -1) {
        this.#keep(chunk.subarray(start));
        return;
      }
      this.#keep(chunk.subarray(start, end));
      this.#emit(true);
      start = end + 1;
    }
  }

  /** Flushes a last line that has no newline after it. */
  end(): void {
    if (this.#partsLength > 0 || this.#skipping) this.#emit(false);
  }

  #keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#partsLength += bytes.length;
    if (this.#skipping) return;
    if (this.#partsLength > this.#maxLineBytes) {
      // Too long to be an example the API accepts; stop buffering, keep counting.
      this.#skipping = true;
      this.#parts = [];
      return;
    }
    this.#parts.push(bytes);
  }

  #emit(terminated: boolean): void {
    let bytes: Uint8Array;
    if (this.#parts.length === 1) bytes = this.#parts[0]!;
    else if (this.#parts.length === 0) bytes = new Uint8Array(0);
    else {
      bytes = new Uint8Array(this.#partsLength);
      let offset = 0;
      for (const part of this.#parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
    }
    let length = this.#partsLength;
    const crlf = bytes.length > 0 && bytes[bytes.length - 1] === CR;
    if (crlf) {
      bytes = bytes.subarray(0, bytes.length - 1);
      length -= 1;
    }
    const tooLong = this.#skipping;
    this.#parts = [];
    this.#partsLength = 0;
    this.#skipping = false;
    this.#number += 1;
    this.#onLine({
      number: this.#number,
      bytes: tooLong ? new Uint8Array(0) : bytes,
      terminated,
      crlf,
      tooLong,
      length,
    });
  }
}

/**
 * The offset of the first byte that breaks UTF-8 in `bytes`, for an error message that points at
 * the spot. Only called once a strict decode has failed.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}
