// What the transport and the helpers call on the telemetry (./otel.ts), as types only, so that
// naming them loads nothing.

/** Attribute values as OpenTelemetry takes them. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/** One request as the transport built it: what its attempts' spans and metrics are named after. */
export interface RequestFacts {
  method: string;
  url: string;
  /** The headers sent: their secrets are kept out of every attribute. */
  headers: Record<string, string>;
  /** The caller's signal: an attempt it aborted is an `AbortError`. */
  caller: AbortSignal | undefined;
  /** What the generated function passed: `url` is the spec's path template, `path` and `body` name ids and the model. */
  o: { url: string; path?: Record<string, unknown> | undefined; body?: unknown };
}

/** How one attempt ended, as the transport saw it. */
export interface AttemptEnd {
  response?: Response | undefined;
  /** The answer's body, read whole (absent for a stream handed over open). */
  raw?: string | ArrayBuffer | undefined;
  thrown?: unknown;
  timedOut: boolean;
}

/** The spans and metrics of one request: a CLIENT span per attempt. */
export interface RequestTrace {
  /** Starts attempt `n` (from 1) and adds the trace context to `headers` (W3C `traceparent` when a propagator is set). */
  attempt(n: number): AttemptTrace;
}

export interface AttemptTrace {
  end(result: AttemptEnd): void;
}

/** A helper's span (jobs.wait, files.upload…): a no-op when telemetry is off. */
export interface SpanHandle {
  /** Adds a span event (a status change, a part done). */
  event(name: string, attributes?: Attributes): void;
  /** Sets attributes on the span. */
  set(attributes: Attributes): void;
  /** Runs `fn` inside a child span of this one; its requests are children of that span. */
  child<T>(name: string, attributes: Attributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /** Adds to one of the SDK's counters. */
  count(metric: CounterName, value: number, attributes?: Attributes): void;
}

/** The SDK's counters besides the HTTP duration histogram. */
export type CounterName = 'upload.bytes' | 'validation.lines';

export interface Telemetry {
  request(facts: RequestFacts): RequestTrace;
  /** Runs `fn` inside a new INTERNAL span (child of the active one), ending it when `fn` settles. */
  span<T>(name: string, attributes: Attributes, fn: (span: SpanHandle) => Promise<T>): Promise<T>;
  /** An INTERNAL span over an async generator: each step runs inside it; `seen` turns values into events. */
  generator<T>(
    name: string,
    attributes: Attributes,
    make: (span: SpanHandle) => AsyncGenerator<T, void, undefined>,
    seen?: (span: SpanHandle, value: T) => void,
  ): AsyncGenerator<T, void, undefined>;
}
