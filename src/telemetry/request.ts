// What the transport loads (by `import()`) once `@opentelemetry/api` has put its global in place:
// the request's trace when a provider is registered, else undefined. See ./switch.ts.
import { telemetry } from './switch.ts';
import type { RequestFacts, RequestTrace } from './types.ts';

export function traceRequest(
  facts: RequestFacts,
): RequestTrace | undefined | Promise<RequestTrace | undefined> {
  const t = telemetry();
  return t instanceof Promise ? t.then((loaded) => loaded?.request(facts)) : t?.request(facts);
}
