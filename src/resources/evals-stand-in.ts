// What `ft.evals` is at start: a stand-in that forwards every call to the real groups
// (./evals.ts), loaded on the first call. Each method of those groups would cost the start bundle
// its bytes; this costs it one small function, whatever the Evals API grows to.
import { ApiPromise } from '../calls/api-promise.ts';
import { listPages } from '../pagination/list.ts';
import type { RequestClient } from '../transport/transport.ts';
import type { Evals, Forwarded } from './evals.ts';

/** `ft.evals`: each property a further group or method, each call forwarded to ./evals.ts. */
export function evalsStandIn(client: RequestClient, path: readonly string[] = []): Evals {
  const forward = (args: unknown[]) =>
    import('./evals.ts').then((m): Forwarded => m.forward(client, path, args));
  const ids = path.length - 1;
  return new Proxy(() => {}, {
    // `then` is never a group: awaiting `ft.evals` must not call it.
    get: (_target, key) =>
      typeof key === 'string' && key !== 'then' ? evalsStandIn(client, [...path, key]) : undefined,
    // A list takes its ids first (one per level under `evals`), then the query and the options.
    apply: (_target, _self, args: unknown[]) =>
      path[ids] === 'list'
        ? listPages(
            `evals.${path.join('.')}`,
            args[ids] as object,
            args[ids + 1] as never,
            (q) =>
              new ApiPromise<never>(forward([...args.slice(0, ids), q, args[ids + 1]]) as never),
          )
        : (new ApiPromise(forward(args)) as unknown),
  }) as unknown as Evals;
}
