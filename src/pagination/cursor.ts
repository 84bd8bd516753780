import { PaginationError } from './errors.ts';

/** The body every list operation answers with. */
export interface ListBody {
  data: ReadonlyArray<unknown>;
  has_more?: boolean | null;
  last_id?: string | null;
}

/** The item type of a list body. */
export type ItemOf<TBody> = TBody extends { data: ReadonlyArray<infer I> } ? I : never;

const usable = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The `after` that fetches the page following `body`. The API's rule: the response's `last_id`
 * where it has one (checkpoints, permissions, files), else the `id` of the last item (jobs,
 * events). `last_id` comes first so an empty page that still carries one can be followed.
 */
export function cursorOf(body: ListBody): string | undefined {
  if (usable(body.last_id)) return body.last_id;
  const last = body.data[body.data.length - 1] as { id?: unknown } | undefined;
  return usable(last?.id) ? last.id : undefined;
}

/**
 * The cursors used so far along one chain of pages, with the depth of the page each fetched. A
 * cursor that reappears at or above its first depth means the server is going round in circles.
 * Depths (rather than a plain set) let `nextPage()` be called twice on the same page.
 */
export class CursorTrail {
  readonly #depths = new Map<string, number>();
  readonly #operation: string;

  constructor(operation: string, initial: string | undefined) {
    this.#operation = operation;
    if (usable(initial)) this.#depths.set(initial, 0);
  }

  /**
   * The cursor for the page after the one at `depth`, or undefined when the list has ended.
   * Throws a PaginationError when the server says there is more but the cursor is missing or
   * already used.
   */
  next(body: ListBody, depth: number): string | undefined {
    if (body.has_more !== true) return undefined;
    const cursor = cursorOf(body);
    const operation = this.#operation;
    if (cursor === undefined) {
      throw new PaginationError(
        operation,
        undefined,
        `${operation}: the server said has_more is true but gave no cursor (the page has ${body.data.length} items and no last_id), so the next page cannot be requested. Fetch again later or pass \`after\` yourself.`,
      );
    }
    const seen = this.#depths.get(cursor);
    if (seen !== undefined && seen <= depth) {
      throw new PaginationError(
        operation,
        cursor,
        `${operation}: the server returned the cursor ${JSON.stringify(cursor)} again; stopping rather than fetching the same pages forever.`,
      );
    }
    if (seen === undefined) this.#depths.set(cursor, depth + 1);
    return cursor;
  }
}
