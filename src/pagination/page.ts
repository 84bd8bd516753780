import type { WithResponse } from '../calls/api-promise.ts';
import { CursorTrail, cursorOf, type ItemOf, type ListBody } from './cursor.ts';
import { listAborted, PaginationError } from './errors.ts';

/** How one list call fetches its pages: built once per call, shared by every page it yields. */
export interface Pager<TBody extends ListBody> {
  /** The operation as error messages name it, e.g. `jobs.listEvents`. */
  readonly operation: string;
  /** The `after` the caller passed, if any. */
  readonly after: string | undefined;
  readonly signal: AbortSignal | undefined;
  /** Requests one page: the original query, with `after` set when it is given. */
  fetch(after: string | undefined): PromiseLike<WithResponse<TBody>>;
}

/**
 * What a page offers beside the fields of the response body.
 * @example
 * const first = await ft.jobs.list({ limit: 20 });
 * const second = first.hasNextPage() ? await first.nextPage() : null;
 */
export interface PageView<TBody extends ListBody> {
  /** The page's items (the body's `data`). */
  readonly data: Array<ItemOf<TBody>>;
  /** True when the server says more items follow (`has_more: true`); a missing flag means no. */
  readonly hasMore: boolean;
  /** The `after` the next page is requested with, or undefined when there is no next page. */
  readonly nextCursor: string | undefined;
  /** The raw `Response` this page was read from (its body already consumed). */
  readonly response: Response;
  /** The `x-request-id` response header. */
  readonly requestId: string | undefined;
  /** Same as `hasMore`. */
  hasNextPage(): boolean;
  /** Fetches the following page, or resolves with null when this is the last one. */
  nextPage(): Promise<Page<TBody> | null>;
}

/**
 * One page of a list: the response body as the API sent it (`data`, `has_more`, `last_id`, …)
 * plus the view above. `JSON.stringify(page)` gives the body back.
 */
export type Page<TBody extends ListBody> = TBody & PageView<TBody>;

class PageImpl<TBody extends ListBody> {
  readonly #pager: Pager<TBody>;
  readonly #trail: CursorTrail;
  readonly #depth: number;
  readonly #body: TBody;
  readonly #response: Response;
  readonly #requestId: string | undefined;

  constructor(
    pager: Pager<TBody>,
    trail: CursorTrail,
    depth: number,
    exchange: WithResponse<TBody>,
  ) {
    this.#pager = pager;
    this.#trail = trail;
    this.#depth = depth;
    this.#body = exchange.data;
    this.#response = exchange.response;
    this.#requestId = exchange.requestId;
    Object.assign(this, exchange.data);
  }

  get hasMore(): boolean {
    return this.#body.has_more === true;
  }

  get nextCursor(): string | undefined {
    return this.hasMore ? cursorOf(this.#body) : undefined;
  }

  get response(): Response {
    return this.#response;
  }

  get requestId(): string | undefined {
    return this.#requestId;
  }

  hasNextPage(): boolean {
    return this.hasMore;
  }

  // Not `async`: the returned promise must not keep this page alive while the next one loads, so
  // iterating a long list holds about one page at a time.
  nextPage(): Promise<Page<TBody> | null> {
    let cursor: string | undefined;
    try {
      cursor = this.#trail.next(this.#body, this.#depth);
    } catch (error) {
      return Promise.reject(error);
    }
    if (cursor === undefined) return Promise.resolve(null);
    return fetchPage(this.#pager, this.#trail, cursor, this.#depth + 1);
  }
}

/** Fetches one page of `pager` (the first when `after` is undefined) and wraps it. */
export async function fetchPage<TBody extends ListBody>(
  pager: Pager<TBody>,
  trail: CursorTrail,
  after: string | undefined,
  depth: number,
): Promise<Page<TBody>> {
  if (pager.signal?.aborted) throw listAborted(pager.operation, pager.signal.reason, pager.signal);
  const exchange = await pager.fetch(after);
  const body = exchange.data as Partial<ListBody> | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
    throw new PaginationError(
      pager.operation,
      after,
      `${pager.operation}: the response is not a list page (it has no \`data\` array); check baseUrl points at the OpenAI API.`,
    );
  }
  return new PageImpl(pager, trail, depth, exchange) as unknown as Page<TBody>;
}

/** The first page of a fresh chain. */
export function firstPage<TBody extends ListBody>(pager: Pager<TBody>): Promise<Page<TBody>> {
  return fetchPage(pager, new CursorTrail(pager.operation, pager.after), undefined, 0);
}
