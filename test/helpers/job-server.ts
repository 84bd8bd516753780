// A scripted fine-tuning job on a real node:http server (127.0.0.1 only). The job's status and
// events follow a timeline read from a (fake) clock, and the events listing pages newest first
// with `after` and `limit` like the API, so polls and pages overlap as they do in production.
// `misbehave` can reset the connection, hang, or answer an error for any request.
import type { IncomingMessage } from 'node:http';
import { listenLocal } from './http-server.ts';
import type { FineTuningJob, FineTuningJobEvent } from '../../src/index.ts';
import { jobFixture } from './jobs.ts';

export interface Step {
  /** Clock time (ms) from which this step holds. */
  at: number;
  status: string;
  /** Job fields from this step on (e.g. `error`, `fine_tuned_model`). */
  job?: Partial<FineTuningJob>;
  /** Events the job emits at this step, oldest first. */
  events?: FineTuningJobEvent[];
}

/** What to do with the n-th request (1-based): reset the socket, never answer, or answer a status. */
export type Misbehaviour = 'reset' | 'hang' | number | undefined;

export interface JobServer {
  baseUrl: string;
  /** `GET /path?query` of every request, in arrival order. */
  log: string[];
  /** Every event of the script, oldest first. */
  allEvents: FineTuningJobEvent[];
  /** Resolves when the n-th request arrives. */
  request(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startJobServer(
  jobId: string,
  script: Step[],
  now: () => number,
  misbehave: (n: number, req: IncomingMessage) => Misbehaviour = () => undefined,
): Promise<JobServer> {
  const log: string[] = [];
  const waiters = new Map<number, () => void>();
  const http = await listenLocal((req, res) => {
    const n = log.push(`${req.method} ${req.url}`);
    waiters.get(n)?.();
    const action = misbehave(n, req);
    if (action === 'reset') return req.socket.destroy();
    if (action === 'hang') return;
    res.setHeader('content-type', 'application/json');
    if (typeof action === 'number') {
      res.statusCode = action;
      return res.end(
        JSON.stringify({ error: { message: `scripted ${action}`, type: 'server_error' } }),
      );
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const past = script.filter((s) => s.at <= now());
    const current = past.at(-1) ?? script[0]!;
    const job = jobFixture(
      jobId,
      current.status,
      Object.assign({}, ...past.map((s) => s.job ?? {})),
    );
    if (url.pathname === `/v1/fine_tuning/jobs/${jobId}`) return res.end(JSON.stringify(job));
    if (url.pathname === `/v1/fine_tuning/jobs/${jobId}/events`) {
      const newestFirst = past.flatMap((s) => s.events ?? []).reverse();
      const after = url.searchParams.get('after');
      const start = after ? newestFirst.findIndex((e) => e.id === after) + 1 : 0;
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const data = newestFirst.slice(start, start + limit);
      return res.end(
        JSON.stringify({ object: 'list', data, has_more: start + limit < newestFirst.length }),
      );
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { message: `no route ${url.pathname}` } }));
  });
  return {
    baseUrl: http.baseUrl,
    log,
    allEvents: script.flatMap((s) => s.events ?? []),
    request: (n) =>
      new Promise<void>((resolve) => (log.length >= n ? resolve() : waiters.set(n, resolve))),
    close: http.close,
  };
}
