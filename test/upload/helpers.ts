// A proxy on 127.0.0.1 in front of the local server that can fail chosen requests: answer a 500,
// or forward the request and then drop the connection so its answer is lost.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocal } from '../helpers/http-server.ts';

/**
 * What to do with one request: pass it on, answer 500 without forwarding, forward and lose the
 * answer, or hold it unanswered (until the client gives up or the proxy closes).
 */
export type Fate = 'pass' | 'fail' | 'lose' | 'hold';

export interface UploadProxy {
  baseUrl: string;
  /** Decides each request's fate; `n` counts requests to the same method and path, from 1. */
  fate: (method: string, path: string, n: number) => Fate;
  seen: Array<{ method: string; path: string; fate: Fate }>;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<UploadProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const http = await listenLocal((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/v1/, '');
    const key = `${method} ${path}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const fate = proxy.fate(method, path, n);
    proxy.seen.push({ method, path, fate });
    if (fate === 'hold') {
      req.resume();
      return;
    }
    if (fate === 'fail') {
      req.resume();
      res.writeHead(500, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: { message: 'injected', type: 'server_error', param: null, code: null },
        }),
      );
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: req.headers },
      (answer) => {
        if (fate === 'lose') {
          answer.resume();
          answer.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.socket?.destroy());
    req.pipe(forward);
  });
  const proxy: UploadProxy = {
    baseUrl: http.baseUrl,
    fate: () => 'pass',
    seen: [],
    close: http.close,
  };
  return proxy;
}

/** JSONL of `n` supervised examples. */
export function jsonl(n: number, pad = 0): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    out += `${JSON.stringify({
      messages: [
        { role: 'user', content: `Question ${i}?${' '.repeat(pad)}` },
        { role: 'assistant', content: `Answer ${i}.` },
      ],
    })}\n`;
  }
  return out;
}
