// The telemetry itself, loaded on first use by ./switch.ts once the application has registered an
// OpenTelemetry provider: a CLIENT span and a duration measurement per HTTP attempt (the HTTP
// client semantic conventions), the helpers' INTERNAL spans, and the SDK's counters. Everything
// goes through `@opentelemetry/api`; nothing is exported anywhere by the SDK itself. No attribute,
// event or exception holds a secret: the URL's secret-named query values, the request's key and
// every key-shaped string are redacted as errors redact them.
// Long because spans, their attributes, the metrics and their redaction follow one table of
// semantic conventions, kept in one place.
import {
  type Attributes as OtelAttributes,
  type Context,
  context,
  type Counter,
  type Gauge,
  type Histogram,
  type Meter,
  metrics,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { parseRateLimit } from '../errors/rate-limit.ts';
import { isSecretName, redactText, secretsOf } from '../errors/redact.ts';
import type {
  AttemptEnd,
  Attributes,
  CounterName,
  RequestFacts,
  RequestTrace,
  SpanHandle,
  Telemetry,
} from './types.ts';

/** The instrumentation scope's name. */
export const SCOPE = 'openai-fine-tuning';

/** The path parameters that name what a request is about, and the attribute each is reported as. */
const ID_ATTRIBUTES: Record<string, string> = {
  fine_tuning_job_id: 'openai.fine_tuning.job.id',
  file_id: 'openai.file.id',
  upload_id: 'openai.upload.id',
  fine_tuned_model_checkpoint: 'openai.fine_tuning.checkpoint',
  model: 'gen_ai.request.model',
};

/** The creates whose answer names the new thing's id, and the attribute it is reported as. */
const CREATED: Record<string, string> = {
  '/fine_tuning/jobs': 'openai.fine_tuning.job.id',
  '/files': 'openai.file.id',
  '/uploads': 'openai.upload.id',
};
const ID_FIELD = /"id"\s*:\s*"([^"\\]{1,200})"/;

/** The semantic conventions' advised buckets for `http.client.request.duration`, in seconds. */
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

interface Instruments {
  duration: Histogram;
  retries: Counter;
  counters: Record<CounterName, Counter>;
  rateRemaining: Gauge;
  rateLimit: Gauge;
}

const instrumentsOf = new WeakMap<Meter, Instruments>();

/** The SDK's instruments on the meter the application's provider gives (made once per meter). */
function instruments(): Instruments {
  const meter = metrics.getMeter(SCOPE);
  let found = instrumentsOf.get(meter);
  if (!found) {
    found = {
      duration: meter.createHistogram('http.client.request.duration', {
        description: 'Duration of HTTP client requests (each attempt).',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
      retries: meter.createCounter('openai.fine_tuning.retries', {
        description: 'Requests sent again after a failed attempt.',
        unit: '{retry}',
      }),
      counters: {
        'upload.bytes': meter.createCounter('openai.fine_tuning.upload.bytes', {
          description: 'Bytes of files sent by files.upload (whole files and parts).',
          unit: 'By',
        }),
        'validation.lines': meter.createCounter('openai.fine_tuning.validation.lines', {
          description: 'Training-data lines validated.',
          unit: '{line}',
        }),
      },
      rateRemaining: meter.createGauge('openai.ratelimit.remaining', {
        description:
          'What the API reported left in the rate-limit window (x-ratelimit-remaining-*).',
        unit: '{unit}',
      }),
      rateLimit: meter.createGauge('openai.ratelimit.limit', {
        description: 'The rate-limit window the API reported (x-ratelimit-limit-*).',
        unit: '{unit}',
      }),
    };
    instrumentsOf.set(meter, found);
  }
  return found;
}

const tracer = (): Tracer => trace.getTracer(SCOPE);

/** A URL with the values of secret-named query parameters and every secret of the request removed. */
export function safeUrl(url: string, secrets: readonly string[]): string {
  const q = url.indexOf('?');
  let out = url;
  if (q >= 0) {
    const query = url
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const name = eq < 0 ? pair : pair.slice(0, eq);
        return eq >= 0 && isSecretName(decodeURIComponentSafe(name)) ? `${name}=REDACTED` : pair;
      })
      .join('&');
    out = `${url.slice(0, q)}?${query}`;
  }
  return redactText(out, secrets);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ORIGIN = /^(https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i;

function clean(attributes: Attributes): OtelAttributes {
  const out: OtelAttributes = {};
  for (const name in attributes) if (attributes[name] !== undefined) out[name] = attributes[name];
  return out;
}

/** The name of an error's class, as `error.type` reports it (low cardinality). */
const errorType = (error: unknown): string =>
  error instanceof Error ? error.constructor.name || error.name : '_OTHER';

function fail(span: Span, error: unknown, secrets: readonly string[] = []): void {
  const type = errorType(error);
  const message = redactText(
    error instanceof Error ? error.message : String(error ?? 'unknown error'),
    secrets,
  );
  span.setAttribute('error.type', type);
  span.recordException({ name: type, message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

function request(facts: RequestFacts): RequestTrace {
  const { method, headers, caller } = facts;
  const route = facts.o.url;
  const secrets = secretsOf(headers);
  const parent = context.active();
  const origin = ORIGIN.exec(facts.url);
  const scheme = origin?.[1]?.toLowerCase();
  const address = origin?.[2];
  const port = origin?.[3] ? Number(origin[3]) : scheme === 'http' ? 80 : 443;
  const base: OtelAttributes = {
    'http.request.method': method,
    'server.address': address,
    'server.port': port,
    'url.template': route,
  };
  const attributes: OtelAttributes = {
    ...base,
    'url.full': safeUrl(facts.url, secrets),
    'gen_ai.provider.name': 'openai',
  };
  const path = facts.o.path;
  for (const name in path) {
    const attribute = ID_ATTRIBUTES[name];
    const value = path[name];
    if (attribute && (typeof value === 'string' || typeof value === 'number'))
      attributes[attribute] = redactText(String(value), secrets);
  }
  const body = facts.o.body;
  const model = (body as { model?: unknown } | null | undefined)?.model;
  if (typeof model === 'string' && body?.constructor === Object)
    attributes['gen_ai.request.model'] = model;
  const name = `${method} ${route}`;

  return {
    attempt(n) {
      const started = performance.now();
      const span = tracer().startSpan(
        name,
        {
          kind: SpanKind.CLIENT,
          attributes: n > 1 ? { ...attributes, 'http.request.resend_count': n - 1 } : attributes,
        },
        parent,
      );
      propagation.inject(trace.setSpan(parent, span), headers);
      const meters = instruments();
      if (n > 1) meters.retries.add(1, base);
      return {
        end(result: AttemptEnd) {
          const measured: OtelAttributes = { ...base };
          const response = result.response;
          if (response) {
            const status = response.status;
            measured['http.response.status_code'] = status;
            span.setAttribute('http.response.status_code', status);
            const requestId = response.headers.get('x-request-id');
            if (requestId) span.setAttribute('openai.request.id', requestId);
            if (status >= 400) {
              measured['error.type'] = String(status);
              span.setAttribute('error.type', String(status));
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
            rateLimits(span, response.headers, meters);
            // A create: the id of what it made (`"id"` is among the answer's first fields).
            const created = method === 'POST' && status < 300 ? CREATED[route] : undefined;
            if (created && typeof result.raw === 'string') {
              const id = ID_FIELD.exec(result.raw.slice(0, 400))?.[1];
              if (id) span.setAttribute(created, id);
            }
          }
          if (result.thrown !== undefined || !response) {
            // As the typed error the attempt ends in will be named (a body cut after the headers too).
            const type = caller?.aborted
              ? 'AbortError'
              : result.timedOut
                ? 'TimeoutError'
                : 'ConnectionError';
            measured['error.type'] = type;
            span.setAttribute('error.type', type);
            const message = redactText(
              result.thrown instanceof Error ? result.thrown.message : String(result.thrown),
              secrets,
            );
            span.recordException({ name: type, message });
            span.setStatus({ code: SpanStatusCode.ERROR, message });
          }
          meters.duration.record((performance.now() - started) / 1000, measured);
          span.end();
        },
      };
    },
  };
}

function rateLimits(span: Span, headers: Headers, meters: Instruments): void {
  if (
    !headers.has('x-ratelimit-remaining-requests') &&
    !headers.has('x-ratelimit-remaining-tokens')
  )
    return;
  const limits = parseRateLimit(headers);
  for (const kind of ['requests', 'tokens'] as const) {
    const { remaining, limit } = limits[kind];
    const attributes = { 'openai.ratelimit.kind': kind };
    if (remaining !== undefined) {
      span.setAttribute(`openai.ratelimit.remaining_${kind}`, remaining);
      meters.rateRemaining.record(remaining, attributes);
    }
    if (limit !== undefined) meters.rateLimit.record(limit, attributes);
  }
}

function handle(span: Span): SpanHandle {
  return {
    event: (name, attributes) => span.addEvent(name, attributes && clean(attributes)),
    set: (attributes) => span.setAttributes(clean(attributes)),
    child: (name, attributes, fn) =>
      run(name, attributes, fn, trace.setSpan(context.active(), span)),
    count: (metric, value, attributes) =>
      instruments().counters[metric].add(value, attributes && clean(attributes)),
  };
}

function run<T>(
  name: string,
  attributes: Attributes,
  fn: (span: SpanHandle) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { kind: SpanKind.INTERNAL, attributes: clean(attributes) },
    parent,
    async (span) => {
      try {
        return await fn(handle(span));
      } catch (error) {
        fail(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

async function* generator<T>(
  name: string,
  attributes: Attributes,
  make: (span: SpanHandle) => AsyncGenerator<T, void, undefined>,
  seen?: (span: SpanHandle, value: T) => void,
): AsyncGenerator<T, void, undefined> {
  const span = tracer().startSpan(name, {
    kind: SpanKind.INTERNAL,
    attributes: clean(attributes),
  });
  const inside = trace.setSpan(context.active(), span);
  const h = handle(span);
  const steps = context.with(inside, () => make(h));
  let finished = false;
  try {
    for (;;) {
      const step = await context.with(inside, () => steps.next());
      if (step.done) {
        finished = true;
        return;
      }
      seen?.(h, step.value);
      yield step.value;
    }
  } catch (error) {
    finished = true;
    fail(span, error);
    throw error;
  } finally {
    // The consumer stopped early (break, return): the inner generator cleans up inside the span.
    if (!finished) await context.with(inside, () => steps.return(undefined));
    span.end();
  }
}

/** The telemetry over the providers registered with `@opentelemetry/api`. */
export function createTelemetry(): Telemetry {
  return { request, span: run, generator };
}
