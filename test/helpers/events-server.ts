// A local fine-tuning events endpoint on 127.0.0.1 for pagination tests and the benchmark: serves
// `total` events in pages of `limit`, and misbehaves on request (an error status on one page, or
// a page that never answers).
import type { ServerResponse } from 'node:http';
import { listenLocal } from './http-server.ts';

export const EVENTS_PATH = '/v1/fine_tuning/jobs/ftjob-1/events';

export interface EventsServerOptions {
  /** How many events the job has. */
  total: number;
  /** Answer this page (1-based) with a 400 error. */
  failOnPage?: number;
  /** Never answer this page (1-based); the request stays open until the client gives up. */
  hangOnPage?: number;
}

export interface EventsServer {
  /** The base URL to give the client, ending in `/v1`. */
  baseUrl: string;
  /** Every request's path and query, in order (clear it between runs that reuse the server). */
  requests: string[];
  /** How many requests the client closed before they were answered. */
  abandoned(): number;
  close(): Promise<void>;
}

export const eventAt = (i: number) => ({
  object: 'fine_tuning.job.event',
  id: `ev-${i}`,
  created_at: 1721764800 + i,
  level: 'info',
  message: `Step ${i}: training loss=0.${String(i).padStart(4, '0')}`,
  type: 'metrics',
  data: { step: i, train_loss: i / 10_000 },
});

export async function startEventsServer(options: EventsServerOptions): Promise<EventsServer> {
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();
  // Bodies by first index: a page is serialised once, so a benchmark measures the client.
  const bodies = new Map<string, string>();
  let abandoned = 0;
  const http = await listenLocal((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== EVENTS_PATH) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"message":"not found"}}');
      return;
    }
    const page = requests.length;
    if (page === options.hangOnPage) {
      hanging.add(res);
      res.on('close', () => {
        if (!res.writableFinished) abandoned++;
        hanging.delete(res);
      });
      return;
    }
    if (page === options.failOnPage) {
      res
        .writeHead(400, { 'content-type': 'application/json', 'x-request-id': `req_page_${page}` })
        .end(
          JSON.stringify({
            error: {
              message: `page ${page} is unavailable`,
              type: 'invalid_request_error',
              param: 'after',
              code: null,
            },
          }),
        );
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const after = url.searchParams.get('after');
    const start = after ? Number(after.slice('ev-'.length)) + 1 : 0;
    const end = Math.min(start + limit, options.total);
    const key = `${start}:${end}`;
    let body = bodies.get(key);
    if (body === undefined) {
      const data = [];
      for (let i = start; i < end; i++) data.push(eventAt(i));
      body = JSON.stringify({ object: 'list', data, has_more: end < options.total });
      bodies.set(key, body);
    }
    res
      .writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_page_${page}` })
      .end(body);
  });
  return {
    baseUrl: http.baseUrl,
    requests,
    abandoned: () => abandoned,
    close: () => {
      for (const res of hanging) res.destroy();
      return http.close();
    },
  };
}
