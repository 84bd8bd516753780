// A real HTTP server on 127.0.0.1 that misbehaves on command, for the reliability tests. Each test
// sets `server.handle`; every request is recorded (method, path, headers, body) before it runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { FineTuningJob } from '../../src/index.ts';
import { listenLocal } from './http-server.ts';
import { jobFixture } from './jobs.ts';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Seen, res: ServerResponse, n: number) => void | Promise<void>;

export interface FaultServer {
  /** e.g. http://127.0.0.1:40123/v1 */
  baseUrl: string;
  port: number;
  requests: Seen[];
  handle: Handler;
  close(): Promise<void>;
}

export const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
};

/** Destroys the socket without an answer (the client sees a reset / "other side closed"). */
export const reset = (res: ServerResponse): void => {
  res.socket?.resetAndDestroy?.() ?? res.socket?.destroy();
};

export async function startFaultServer(
  handle: Handler = (_req, res) => json(res, 404, {}),
): Promise<FaultServer> {
  const requests: Seen[] = [];
  const state = { handle };
  const http = await listenLocal((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(seen);
      Promise.resolve(state.handle(seen, res, requests.length)).catch(() => reset(res));
    });
  });
  http.server.keepAliveTimeout = 1000;
  return {
    baseUrl: http.baseUrl,
    port: http.port,
    requests,
    get handle() {
      return state.handle;
    },
    set handle(h: Handler) {
      state.handle = h;
    },
    close: http.close,
  };
}

/** The job object the fake API answers with: a queued job (see test/helpers/jobs.ts). */
export const jobBody = (id: string, extra: Record<string, unknown> = {}) =>
  jobFixture(id, 'queued', extra as Partial<FineTuningJob>);

/** Collects unhandled rejections while a suite runs, so a test can assert there were none. */
export function trackUnhandled(): { list: unknown[]; stop(): void } {
  const list: unknown[] = [];
  const on = (reason: unknown) => list.push(reason);
  process.on('unhandledRejection', on);
  return { list, stop: () => process.off('unhandledRejection', on) };
}

/**
 * One fault server for a test file: started before the tests, its request log emptied after each,
 * closed at the end, and no unhandled rejection allowed while the file ran.
 */
export function useFaultServer(): { readonly server: FaultServer } {
  const holder = {} as { server: FaultServer };
  const unhandled = trackUnhandled();
  beforeAll(async () => {
    holder.server = await startFaultServer();
  });
  afterEach(() => {
    holder.server.requests.length = 0;
  });
  afterAll(async () => {
    await holder.server.close();
    unhandled.stop();
    expect(unhandled.list, 'no unhandled rejection').toEqual([]);
  });
  return holder;
}
