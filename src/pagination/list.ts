import type { ApiPromise } from '../calls/api-promise.ts';
import type { RequestOptions } from '../calls/call.ts';
import { checkOptional } from '../transport/args.ts';
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
  // Bad arguments reject when the list is used (awaited or iterated), as a request would.
  let problem: unknown;
  try {
    checkOptional(query, operation, 'params');
    checkOptional(options, operation, 'options');
  } catch (error) {
    problem = error;
  }
  const valid = problem === undefined;
  return new PagePromise<TBody>({
    operation,
    after: valid ? query?.after : undefined,
    signal: valid ? options?.signal : undefined,
    fetch: (after) =>
      valid
        ? request(after === undefined ? query : ({ ...query, after } as TQuery)).withResponse()
        : Promise.reject(problem),
  });
}
