// Cuts a byte stream into batches of whole lines for the worker threads: each batch is a copy
// (never the caller's buffers, which an upload may still be sending) of about `target` bytes that
// ends just after a newline. A line longer than `maxLineBytes` is not buffered: it becomes a
// `tooLong` record with its length, as LineSplitter reports it.

export type Batch =
  | { kind: 'lines'; bytes: Uint8Array<ArrayBuffer> }
  | { kind: 'tooLong'; length: number; terminated: boolean };

const LF = 0x0a;

export class Batcher {
  #parts: Uint8Array[] = [];
  #length = 0;
  /** Whether a part held has a newline (else the parts are one unfinished line). */
  #hasNewline = false;
  /** Bytes of a too-long line skipped so far, or -1 when not skipping. */
  #skipped = -1;

  constructor(
    readonly target: number,
    readonly maxLineBytes: number,
  ) {}

  /** Takes a chunk; returns the batches it completes, in order. */
  push(chunk: Uint8Array): Batch[] {
    const out: Batch[] = [];
    let rest = chunk;
    if (this.#skipped >= 0) {
      const end = rest.indexOf(LF);
      if (end === -1) {
        this.#skipped += rest.length;
        return out;
      }
      out.push({ kind: 'tooLong', length: this.#skipped + end, terminated: true });
      this.#skipped = -1;
      rest = rest.subarray(end + 1);
    }
    if (rest.length === 0) return out;
    this.#parts.push(rest);
    this.#length += rest.length;
    if (!this.#hasNewline && rest.indexOf(LF) !== -1) this.#hasNewline = true;
    if (this.#hasNewline && this.#length >= this.target) {
      out.push(this.#cut());
    } else if (!this.#hasNewline && this.#length > this.maxLineBytes) {
      // One line, already too long: stop holding it, count the rest of it.
      this.#skipped = this.#length;
      this.#parts = [];
      this.#length = 0;
      // The chunk may hold no newline (checked above), so the line goes on.
    }
    return out;
  }

  /** The last batch: what is left, with a last line that may have no newline. */
  end(): Batch | undefined {
    if (this.#skipped >= 0) {
      const length = this.#skipped;
      this.#skipped = -1;
      return { kind: 'tooLong', length, terminated: false };
    }
    if (this.#length === 0) return undefined;
    const bytes = concat(this.#parts, this.#length);
    this.#parts = [];
    this.#length = 0;
    return { kind: 'lines', bytes };
  }

  /** Cuts after the last newline held; what follows it stays. */
  #cut(): Batch {
    let i = this.#parts.length - 1;
    let at = -1;
    for (; i >= 0; i--) {
      at = this.#parts[i]!.lastIndexOf(LF);
      if (at !== -1) break;
    }
    let size = 0;
    for (let k = 0; k < i; k++) size += this.#parts[k]!.length;
    size += at + 1;
    const bytes = concat(this.#parts, size);
    const tail = this.#parts.slice(i + 1);
    const left = this.#parts[i]!.subarray(at + 1);
    if (left.length > 0) tail.unshift(left);
    this.#parts = tail;
    this.#length -= size;
    this.#hasNewline = false;
    return { kind: 'lines', bytes };
  }
}

/** The first `size` bytes of `parts`, copied into one new buffer. */
function concat(parts: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    if (offset >= size) break;
    const take = Math.min(part.length, size - offset);
    bytes.set(take === part.length ? part : part.subarray(0, take), offset);
    offset += take;
  }
  return bytes;
}
