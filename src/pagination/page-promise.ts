import { checkOptional, describeValue } from '../transport/args.ts';
import type { WithResponse } from '../calls/api-promise.ts';
import { InvalidArgumentError } from '../errors.ts';
import type { ItemOf, ListBody } from './cursor.ts';
import { ItemIterator } from './item-iterator.ts';
import { firstPage, type Page, type Pager } from './page.ts';

/** Options of `toArray()`: how many items to collect at most. */
export interface ToArrayOptions {
  /**
   * Collect at most this many items; no page beyond the one holding the last of them is fetched.
   * @default Infinity
   */
  max?: number | undefined;
}

/**
 * What every list method returns. Await it for the first page; iterate it with `for await` for
 * every item across pages; `pages()` for page by page; `toArray({ max })` to collect.
 * Nothing is requested until one of those is used, and a page is only fetched when the one
 * before it has been consumed.
 * @example
 * const page = await ft.jobs.list({ limit: 20 });             // page.data, page.hasMore, page.nextPage()
 * for await (const job of ft.jobs.list({ limit: 100 })) { … } // every job
 */
export class PagePromise<TBody extends ListBody>
  implements PromiseLike<Page<TBody>>, AsyncIterable<ItemOf<TBody>>
{
  readonly #pager: Pager<TBody>;
  #first: Promise<Page<TBody>> | undefined;

  constructor(pager: Pager<TBody>) {
    this.#pager = pager;
  }

  // The first page is fetched once for `then`/`withResponse` and reused by a later iteration.
  // Iterating alone never stores it here, so a long iteration does not pin page one.
  #firstPage(): Promise<Page<TBody>> {
    return (this.#first ??= firstPage(this.#pager));
  }

  then<A = Page<TBody>, B = never>(
    onfulfilled?: ((value: Page<TBody>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Same as `Promise#catch`. */
  catch<B = never>(
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<Page<TBody> | B> {
    return this.then(undefined, onrejected);
  }

  /** Same as `Promise#finally`. */
  finally(onfinally?: (() => void) | null): Promise<Page<TBody>> {
    return this.then().finally(onfinally);
  }

  /** Resolves with the first page, its raw `Response` and the request id. */
  withResponse(): Promise<WithResponse<Page<TBody>>> {
    return this.#firstPage().then((page) => ({
      data: page,
      response: page.response,
      requestId: page.requestId,
    }));
  }

  /** Yields page after page, fetching each only when the previous one has been consumed. */
  async *pages(): AsyncGenerator<Page<TBody>, void, undefined> {
    let page: Page<TBody> | null = await (this.#first ?? firstPage(this.#pager));
    while (page) {
      yield page;
      const next: Promise<Page<TBody> | null> = page.nextPage();
      page = null; // let the consumed page go while the next one loads
      page = await next;
    }
  }

  /** Iterates every item of every page. An aborted `signal` stops it before the next item. */
  [Symbol.asyncIterator](): AsyncIterableIterator<ItemOf<TBody>> {
    return new ItemIterator(
      () => this.#first ?? firstPage(this.#pager),
      this.#pager.signal,
      this.#pager.operation,
    );
  }

  /** Collects the items into an array, stopping (and fetching no more) once `max` are in. */
  async toArray(options: ToArrayOptions = {}): Promise<Array<ItemOf<TBody>>> {
    checkOptional(options, `${this.#pager.operation}: toArray`, 'options');
    const max = options?.max ?? Infinity;
    if (!(max === Infinity || (Number.isInteger(max) && max >= 0))) {
      throw new InvalidArgumentError(
        `${this.#pager.operation}: toArray({ max }) needs a whole number >= 0 (or Infinity), got ${describeValue(max)}.`,
      );
    }
    const items: Array<ItemOf<TBody>> = [];
    if (max === 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) break;
    }
    return items;
  }

  get [Symbol.toStringTag]() {
    return 'PagePromise';
  }
}
