// The local server's own spans (`startLocalServer({ tracing: true })`): a SERVER span per request,
// the child of the trace context the request carries (W3C `traceparent` with the propagator the
// process registered), so a test sees the client's attempt and the server's answer in one trace.
// Loaded only with the flag; it needs `@opentelemetry/api` and a registered tracer provider.
import type { IncomingMessage } from 'node:http';

/** One request's span: ended with the status the server answered. */
export interface ServerSpan {
  end(status: number): void;
}

export type ServerTracing = (
  req: IncomingMessage,
  url: URL,
  route: string | undefined,
) => ServerSpan;

/** The instrumentation scope of the local server's spans. */
export const SERVER_SCOPE = 'openai-fine-tuning/testing';

export async function loadServerTracing(): Promise<ServerTracing> {
  let api: typeof import('@opentelemetry/api');
  try {
    api = await import('@opentelemetry/api');
  } catch (error) {
    throw new Error(
      'startLocalServer: `tracing: true` needs the `@opentelemetry/api` package: install it (npm install @opentelemetry/api) and register a tracer provider.',
      { cause: error },
    );
  }
  const { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } = api;
  return (req, url, route) => {
    const method = req.method ?? 'GET';
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const template = route === undefined ? undefined : `/v1${route}`;
    const address = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(req.headers.host ?? '');
    const span = trace.getTracer(SERVER_SCOPE).startSpan(
      template ? `${method} ${template}` : method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': url.pathname,
          'url.scheme': 'http',
          ...(template ? { 'http.route': template } : {}),
          ...(address?.[1] ? { 'server.address': address[1] } : {}),
          ...(address?.[2] ? { 'server.port': Number(address[2]) } : {}),
          ...(req.headers['idempotency-key']
            ? { 'openai.idempotency_key': String(req.headers['idempotency-key']) }
            : {}),
        },
      },
      parent,
    );
    return {
      end(status) {
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) {
          span.setAttribute('error.type', String(status));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      },
    };
  };
}
