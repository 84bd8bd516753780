// Pagination adapter. Every list the CLI shows goes through `eachItem`, which takes what a list
// method returns and yields its items across pages.
// When pagination is in the SDK (list methods return an async-iterable PagePromise), the body
// becomes `yield* list(undefined)`.

export interface ListPage<T> {
  data: T[];
  has_more?: boolean;
}

/** Calls `list` for the first page and then with `after` = the last id while `has_more`. */
export async function* eachItem<T extends { id: string }>(
  list: (after: string | undefined) => PromiseLike<ListPage<T>>,
  maxPages = 1000,
): AsyncGenerator<T, void, undefined> {
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { data, has_more } = await list(after);
    yield* data;
    const last = data[data.length - 1];
    if (!has_more || !last) return;
    after = last.id;
  }
}

/** Up to `max` items that pass `keep`, reading no more pages than needed. */
export async function collect<T>(
  items: AsyncIterable<T>,
  max: number,
  keep: (item: T) => boolean = () => true,
): Promise<T[]> {
  const out: T[] = [];
  if (max <= 0) return out;
  for await (const item of items) {
    if (!keep(item)) continue;
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}
