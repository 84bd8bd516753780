// Exact duplicate examples, found by a 64-bit hash of each valid line's bytes in a hash table of
// bounded size: it grows with the examples up to MAX_SLOTS (24 MiB) and then stops taking new
// ones, so memory has a ceiling whatever the file's size. Later examples are still compared with
// every one stored.

/** Two 32-bit hashes of the bytes (FNV-1a and a multiply-xorshift), together 64 bits. */
export function hashBytes(bytes: Uint8Array): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  return [a >>> 0, b >>> 0];
}

const MIN_SLOTS = 1 << 12;
/** 2^21 slots of 12 bytes: 24 MiB at most, room for about 1.5 million distinct examples. */
export const MAX_SLOTS = 1 << 21;
const LOAD = 0.75;

export class DuplicateTable {
  #slots = MIN_SLOTS;
  #hi = new Uint32Array(MIN_SLOTS);
  #lo = new Uint32Array(MIN_SLOTS);
  /** The line of the example stored in a slot; 0 marks an empty slot (lines start at 1). */
  #line = new Uint32Array(MIN_SLOTS);
  #size = 0;
  /** Examples not stored because the table was full. */
  unstored = 0;

  /** The line of an earlier example with the same hash, or 0 (and then `line` is stored). */
  check(hi: number, lo: number, line: number): number {
    const found = this.#find(hi, lo);
    if (this.#line[found] !== 0) return this.#line[found]!;
    if (this.#size + 1 > this.#slots * LOAD) {
      if (this.#slots >= MAX_SLOTS) {
        this.unstored += 1;
        return 0;
      }
      this.#grow();
      return this.check(hi, lo, line);
    }
    this.#hi[found] = hi;
    this.#lo[found] = lo;
    this.#line[found] = line;
    this.#size += 1;
    return 0;
  }

  #find(hi: number, lo: number): number {
    const mask = this.#slots - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.#line[i] !== 0 && (this.#hi[i] !== hi || this.#lo[i] !== lo)) i = (i + 1) & mask;
    return i;
  }

  #grow(): void {
    const [hi, lo, line] = [this.#hi, this.#lo, this.#line];
    this.#slots *= 2;
    this.#hi = new Uint32Array(this.#slots);
    this.#lo = new Uint32Array(this.#slots);
    this.#line = new Uint32Array(this.#slots);
    for (let i = 0; i < line.length; i++) {
      if (line[i] === 0) continue;
      const at = this.#find(hi[i]!, lo[i]!);
      this.#hi[at] = hi[i]!;
      this.#lo[at] = lo[i]!;
      this.#line[at] = line[i]!;
    }
  }
}
