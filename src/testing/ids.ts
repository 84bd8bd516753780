// Ids shaped like the API's (`file-…`, `ftjob-…`): a prefix and base62 characters. Random by
// default; with a `seed`, drawn from a counter-based generator, so the same requests give the same
// ids on every run (the counter is part of the durable state, so a restart does not repeat ids).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(prefix: string, length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}${out}`;
}

/** splitmix32 of (seed, n): a well-mixed 32-bit value per draw, cheap to resume from a counter. */
function mix(seed: number, n: number): number {
  let z = (seed + Math.imul(n + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** The server's source of ids and of the few random choices it makes (a job's default `seed`). */
export class Ids {
  readonly seed: number | undefined;
  /** How many draws a seeded generator has made. */
  counter = 0;

  constructor(seed: number | undefined) {
    this.seed = seed;
  }

  /** A 32-bit unsigned value. */
  #draw(): number {
    if (this.seed === undefined) return crypto.getRandomValues(new Uint32Array(1))[0]!;
    return mix(this.seed, this.counter++);
  }

  id(prefix: string, length = 24): string {
    if (this.seed === undefined) return randomId(prefix, length);
    let out = '';
    for (let i = 0; i < length; i++) out += ALPHABET[this.#draw() % ALPHABET.length];
    return `${prefix}${out}`;
  }

  /** Requests answered: request ids are drawn apart from record ids, so they change no state. */
  #requests = 0;

  /**
   * An `x-request-id`. Seeded, it comes from its own sequence (the nth answer of a run), so answering
   * a read changes nothing the durable store must write.
   */
  requestId(): string {
    if (this.seed === undefined) return randomId('req_', 32);
    const n = this.#requests++;
    let out = '';
    for (let i = 0; i < 32; i++)
      out += ALPHABET[mix(this.seed ^ 0x5bd1e995, n * 32 + i) % ALPHABET.length];
    return `req_${out}`;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return this.#draw() % max;
  }
}
