// A real HTTP server on 127.0.0.1 for the legacy event stream, scripted per test to misbehave:
// chunks cut anywhere, keep-alive comments, connections dropped mid-event.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal } from '../helpers/http-server.ts';

export interface Connection {
  req: IncomingMessage;
  res: ServerResponse;
  /** Resolves when the client has gone (closed or reset the connection). */
  closed: Promise<void>;
}

export interface SseServer {
  baseUrl: string;
  /** Every connection so far, in order. */
  connections: Connection[];
  close(): Promise<void>;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a server whose handler gets each connection and its index (0 for the first). */
export async function startSseServer(
  handle: (conn: Connection, index: number) => Promise<void> | void,
): Promise<SseServer> {
  const connections: Connection[] = [];
  const http = await listenLocal((req, res) => {
    const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
    const conn = { req, res, closed };
    connections.push(conn);
    Promise.resolve(handle(conn, connections.length - 1)).catch((error: unknown) => {
      res.destroy(error as Error);
    });
  });
  return {
    baseUrl: http.baseUrl,
    connections,
    close: http.close,
  };
}

/** Sends the event-stream headers. */
export function openStream(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  });
  res.flushHeaders();
}

/** Writes `text` in pieces of `size` bytes with a pause between them, so each arrives as its own chunk. */
export async function writeInPieces(
  res: ServerResponse,
  text: string,
  size: number,
  gapMs = 2,
): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length && !res.destroyed; i += size) {
    res.write(bytes.subarray(i, i + size));
    await pause(gapMs);
  }
}
