import type { ItemOf, ListBody } from './cursor.ts';
import { listAborted } from './errors.ts';
import type { Page } from './page.ts';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Iterates the items of every page. Written by hand rather than as an async generator for two
 * reasons: a suspended generator's registers can keep a consumed page reachable (V8 does not
 * clear dead registers), which matters over a long list; and buffered items are handed out without
 * a generator's per-item promise machinery. Only the page being read is referenced.
 */
export class ItemIterator<TBody extends ListBody> implements AsyncIterableIterator<ItemOf<TBody>> {
  readonly #first: () => Promise<Page<TBody>>;
  readonly #operation: string;
  readonly #signal: AbortSignal | undefined;
  #page: Page<TBody> | undefined;
  #items: ReadonlyArray<ItemOf<TBody>> = [];
  #index = 0;
  #started = false;
  #done = false;
  /** The step in progress, so overlapping `next()` calls run one after the other. */
  #busy: Promise<unknown> | undefined;

  constructor(
    first: () => Promise<Page<TBody>>,
    signal: AbortSignal | undefined,
    operation = 'list',
  ) {
    this.#first = first;
    this.#operation = operation;
    this.#signal = signal;
  }

  next(): Promise<IteratorResult<ItemOf<TBody>, undefined>> {
    if (this.#busy)
      return this.#busy.then(
        () => this.next(),
        () => this.next(),
      );
    if (this.#done) return Promise.resolve(DONE);
    if (this.#signal?.aborted)
      return Promise.reject(
        this.#fail(listAborted(this.#operation, this.#signal.reason, this.#signal)),
      );
    if (this.#index < this.#items.length) {
      return Promise.resolve({ done: false, value: this.#items[this.#index++]! });
    }
    const step = this.#load();
    this.#busy = step;
    return step.finally(() => {
      this.#busy = undefined;
    });
  }

  async #load(): Promise<IteratorResult<ItemOf<TBody>, undefined>> {
    try {
      while (this.#index >= this.#items.length) {
        const source = this.#page;
        this.#page = undefined; // the consumed page may go while the next one loads
        this.#items = [];
        this.#index = 0;
        const pending = this.#started ? source?.nextPage() : this.#first();
        this.#started = true;
        const page = pending ? await pending : null;
        if (this.#signal?.aborted)
          throw listAborted(this.#operation, this.#signal.reason, this.#signal);
        if (!page) return this.#finish();
        this.#page = page;
        this.#items = page.data;
      }
      return { done: false, value: this.#items[this.#index++]! };
    } catch (error) {
      throw this.#fail(
        this.#signal?.aborted ? listAborted(this.#operation, error, this.#signal) : error,
      );
    }
  }

  return(): Promise<IteratorResult<ItemOf<TBody>, undefined>> {
    return Promise.resolve(this.#finish());
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #finish(): IteratorReturnResult<undefined> {
    this.#done = true;
    this.#page = undefined;
    this.#items = [];
    return DONE;
  }

  #fail(error: unknown): unknown {
    this.#finish();
    return error;
  }
}
