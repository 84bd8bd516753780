import type { Client } from '../../generated/client/index.ts';
import { call } from '../internal/call.ts';
import type { ListBody } from './cursor.ts';
import { listPages, type CursorQuery } from './list.ts';
import type { PagePromise } from './page-promise.ts';

/** A generated function called with `throwOnError: true`, as `call()` runs it. */
type GeneratedOperation<TParams, TBody> = (
  options: TParams & { client: Client; throwOnError: true; signal?: AbortSignal; headers?: Record<string, string> },
) => Promise<{ data: TBody; response: Response; request: Request }>;

// Only list operations paginate: the query must take an `after` cursor (a `never` query, as on
// POST operations whose body happens to be list-shaped, does not count) and the body must be a
// list page. Anything else makes the options argument unsatisfiable, so the call does not compile.
type ListOptions<TParams> = TParams extends { query?: infer Q }
  ? [NonNullable<Q>] extends [never]
    ? { __notAListOperation: 'this generated function has no `after` query: it does not paginate' }
    : NonNullable<Q> extends CursorQuery
      ? 'after' extends keyof NonNullable<Q>
        ? TParams
        : { __notAListOperation: 'this generated function has no `after` query: it does not paginate' }
      : { __notAListOperation: 'this generated function has no `after` query: it does not paginate' }
  : { __notAListOperation: 'this generated function has no query: it does not paginate' };

/**
 * Paginates a generated list function called directly, with the same behaviour as the facade's
 * list methods. Pass the facade's configured client.
 * @example
 * import { FineTuning, listFineTuningEvents, paginate } from 'openai-fine-tuning';
 * const ft = new FineTuning();
 * for await (const event of paginate(listFineTuningEvents, { client: ft.client, path: { fine_tuning_job_id: 'ftjob-…' } })) { … }
 */
export function paginate<TParams, TBody extends ListBody>(
  operation: GeneratedOperation<TParams, TBody>,
  options: ListOptions<TParams> & { client: Client; signal?: AbortSignal | undefined },
): PagePromise<TBody> {
  const { client, signal, query, ...rest } = options as unknown as TParams & {
    client: Client;
    signal?: AbortSignal;
    query?: CursorQuery;
  };
  return listPages(operation.name || 'paginate', query, { signal }, (q) =>
    call(client, operation, { ...rest, query: q } as TParams, { signal }),
  );
}
