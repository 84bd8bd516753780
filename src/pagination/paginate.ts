import type { RequestClient } from '../transport/transport.ts';
import { call } from '../calls/call.ts';
import type { ListBody } from './cursor.ts';
import { listPages, type CursorQuery } from './list.ts';
import type { PagePromise } from './page-promise.ts';

// Types read off a generated function (`<ThrowOnError>(options) => RequestResult<…>`). Parameters
// and ReturnType see it with ThrowOnError = boolean, so the body is taken from either result shape.
/** Any generated operation function. */
export type AnyOperation = (options: never) => Promise<unknown>;
/** The options a generated function takes. */
export type OptionsOf<F extends AnyOperation> = NonNullable<Parameters<F>[0]>;
/** The body a generated function resolves with on success. */
export type BodyOf<F extends AnyOperation> = NonNullable<
  Awaited<ReturnType<F>> extends infer R ? (R extends { data: infer D } ? D : never) : never
>;
type ListBodyOf<F extends AnyOperation> = BodyOf<F> extends ListBody ? BodyOf<F> : never;
type QueryOf<F extends AnyOperation> = NonNullable<
  OptionsOf<F> extends { query?: infer Q } ? Q : never
>;

// A list operation takes an `after` cursor in its query and answers a list page. A POST whose
// answer is list-shaped (creating checkpoint permissions) has a `never` query and does not count.
// For anything else the options demand a property that cannot be given, so the call fails to
// compile with this sentence in the message.
type NotAList = {
  'paginate() takes a generated list function: its query has `after`, its answer `data` and `has_more`': never;
};
type ListOnly<F extends AnyOperation> = [QueryOf<F>] extends [never]
  ? NotAList
  : 'after' extends keyof QueryOf<F>
    ? BodyOf<F> extends ListBody
      ? unknown
      : NotAList
    : NotAList;

/** What `paginate()` takes: the generated function's own options, with the facade's client. */
export type PaginateOptions<F extends AnyOperation> = Omit<OptionsOf<F>, 'client'> &
  ListOnly<F> & { client: RequestClient };

/**
 * Paginates a generated list function called directly, with the same behaviour as the facade's
 * list methods. Pass the facade's configured client (`ft.client`), so keys and errors work as
 * they do through the facade.
 * @example
 * import { FineTuning, listFineTuningEvents, paginate } from 'openai-fine-tuning';
 * const ft = new FineTuning();
 * const events = paginate(listFineTuningEvents, { client: ft.client, path: { fine_tuning_job_id: 'ftjob-…' } });
 * for await (const event of events) console.log(event.message);
 */
export function paginate<F extends AnyOperation>(
  operation: F,
  options: NoInfer<PaginateOptions<F>>,
): PagePromise<ListBodyOf<F>> {
  const { client, signal, query, ...rest } = options as {
    client: RequestClient;
    signal?: AbortSignal;
    query?: CursorQuery;
  };
  // call() is typed for the facade's own operations; F is one of them, checked above.
  const run = operation as unknown as Parameters<typeof call<object, ListBodyOf<F>>>[1];
  return listPages(operation.name || 'paginate', query, { signal }, (q) =>
    call(client, run, { ...rest, query: q }, { signal }),
  );
}
