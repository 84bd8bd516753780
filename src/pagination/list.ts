import type { ApiPromise } from '../api-promise.ts';
import type { RequestOptions } from '../internal/call.ts';
import type { ListBody } from './cursor.ts';
import { PagePromise } from './page-promise.ts';

/** The query every list operation takes: its own filters plus the `after` cursor. */
export interface CursorQuery {
  after?: string;
}

/**
 * Builds the PagePromise a facade list method returns. `request` sends one page for a query;
 * each following page repeats the caller's query (filters, `order`, `limit`, `project_id`,
 * `purpose`, …) with only `after` replaced.
 */
export function listPages<TQuery extends CursorQuery, TBody extends ListBody>(
  operation: string,
  query: TQuery | undefined,
  options: RequestOptions | undefined,
  request: (query: TQuery | undefined) => ApiPromise<TBody>,
): PagePromise<TBody> {
  return new PagePromise<TBody>({
    operation,
    after: query?.after,
    signal: options?.signal,
    fetch: (after) => request(after === undefined ? query : ({ ...query, after } as TQuery)).withResponse(),
  });
}
