// Spans over the SDK's helpers (jobs.wait, follow, watch, files.upload, validateTrainingFile,
// webhook verification, and any later helper): one INTERNAL span over the helper's whole work, its
// requests as children, its progress as span events. With no OpenTelemetry provider registered,
// `fn` runs with a handle that does nothing, and nothing is loaded.
import { telemetry } from './switch.ts';
import type { Attributes, SpanHandle } from './types.ts';

export type { Attributes, CounterName, SpanHandle } from './types.ts';

/** The handle a helper gets when telemetry is off: every call does nothing. */
export const NO_SPAN: SpanHandle = {
  event() {},
  set() {},
  child: (_name, _attributes, fn) => fn(NO_SPAN),
  count() {},
};

/**
 * Runs `fn` inside a span named `name` (a child of the application's active span), ending it when
 * `fn` settles; a rejection is recorded on it (`error.type`, the redacted message). Requests `fn`
 * makes are children of the span. The attributes must hold no secret.
 * @example
 * return withSpan('evals.run', { 'openai.eval.id': evalId }, async (span) => {
 *   const run = await createRun();
 *   span.event('status', { status: run.status });
 *   return run;
 * });
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: SpanHandle) => Promise<T>,
): Promise<T> {
  let t = telemetry();
  if (t instanceof Promise) t = await t;
  return t ? t.span(name, attributes, fn) : fn(NO_SPAN);
}

/**
 * An async generator wrapped in a span: each step runs inside it, and `seen` may turn each yielded
 * value into span events. The span ends when the generator ends, throws, or is returned early.
 */
export async function* withSpanGenerator<T>(
  name: string,
  attributes: Attributes,
  make: (span: SpanHandle) => AsyncGenerator<T, void, undefined>,
  seen?: (span: SpanHandle, value: T) => void,
): AsyncGenerator<T, void, undefined> {
  let t = telemetry();
  if (t instanceof Promise) t = await t;
  if (t) yield* t.generator(name, attributes, make, seen);
  else yield* make(NO_SPAN);
}
