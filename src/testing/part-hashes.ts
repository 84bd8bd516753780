// The MD5 of an Upload's parts, computed while the parts arrive, so that `complete` with `md5` does
// not read the whole file again before it answers. A part's place in the file is a guess: the
// number in its file name when it has one (this SDK names each part `part-<n>`, counted from 0),
// else the order the parts were added in (right for a client that sends one part at a time).
// Parts are hashed in that order as it fills; `complete` uses the result only when its `part_ids`
// are exactly the parts hashed, and hashes the parts itself otherwise (a guess was wrong, a part
// was re-sent, a place is missing, the server restarted: this is memory only, never a record).
import { createHash, type Hash } from 'node:crypto';
import type { Spooled } from './file-store.ts';

interface Running {
  /** Parts added and not hashed yet, by place. */
  readonly waiting: Map<number, { id: string; content: Spooled }>;
  /** The place of the next part added without a number in its name. */
  added: number;
  /** The next place to hash. */
  next: number;
  readonly hash: Hash;
  /** The part ids hashed, in order. */
  readonly hashed: string[];
  busy: Promise<void> | undefined;
  broken: boolean;
}

/** The place a part's file name gives (`part-<n>`), if any. */
export function placeOf(filename: string): number | undefined {
  const match = /^part-(\d{1,6})$/.exec(filename);
  return match ? Number(match[1]) : undefined;
}

export class PartHashes {
  readonly #uploads = new Map<string, Running>();

  /** A part of `uploadId` was added: hash it once every part before its place is hashed. */
  added(uploadId: string, id: string, content: Spooled, place?: number): void {
    let r = this.#uploads.get(uploadId);
    if (!r) {
      r = {
        waiting: new Map(),
        added: 0,
        next: 0,
        hash: createHash('md5'),
        hashed: [],
        busy: undefined,
        broken: false,
      };
      this.#uploads.set(uploadId, r);
    }
    const at = place ?? r.added;
    r.added += 1;
    // A place already hashed or taken (a part sent twice): the guess cannot be trusted.
    if (at < r.next || r.waiting.has(at)) r.broken = true;
    else r.waiting.set(at, { id, content });
    this.#pump(r);
  }

  /** The hex MD5 of the parts `ids`, in that order, if it was computed as they arrived; else undefined. */
  async digest(uploadId: string, ids: readonly string[]): Promise<string | undefined> {
    const r = this.#uploads.get(uploadId);
    if (!r) return undefined;
    while (r.busy && !r.broken) await r.busy;
    if (
      r.broken ||
      r.waiting.size > 0 ||
      r.hashed.length !== ids.length ||
      r.hashed.some((id, i) => id !== ids[i])
    )
      return undefined;
    return r.hash.copy().digest('hex');
  }

  /** The Upload left `pending`: its hash is not needed any more. */
  forget(uploadId: string): void {
    const r = this.#uploads.get(uploadId);
    if (r) r.broken = true;
    this.#uploads.delete(uploadId);
  }

  #pump(r: Running): void {
    if (r.busy || r.broken || !r.waiting.has(r.next)) return;
    r.busy = (async () => {
      for (let part = r.waiting.get(r.next); part && !r.broken; part = r.waiting.get(r.next)) {
        for await (const chunk of part.content.chunks()) {
          if (r.broken) return;
          r.hash.update(chunk);
        }
        r.waiting.delete(r.next);
        r.hashed.push(part.id);
        r.next += 1;
      }
    })()
      .catch(() => {
        // A part's bytes could not be read (its Upload was cancelled meanwhile): complete hashes
        // the parts itself, and reports what is wrong with them.
        r.broken = true;
      })
      .finally(() => {
        r.busy = undefined;
        this.#pump(r);
      });
  }
}
