// What a handler gets (the validated request parts and the state) and what it gives back.
import type { IncomingHttpHeaders } from 'node:http';
import type { ServerState } from '../state.ts';

export interface HandlerContext {
  state: ServerState;
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** The request headers (lower-case names), for the few things outside the spec (`last-event-id`). */
  headers: IncomingHttpHeaders;
  /** How long an open stream may stay silent before it sends a keep-alive comment. */
  keepAliveMs: number;
}

export interface Reply {
  status?: number;
  json?: unknown;
  /** A raw body (file content), sent instead of `json`. */
  raw?: { bytes: Uint8Array; contentType: string };
  /**
   * A streamed body, sent instead of `json`: the headers go out at once, then each chunk as the
   * iterable yields it (one chunk, one message: faults cut streams by chunk). `signal` aborts when
   * the client goes away or the server closes; the iterable must then end.
   */
  stream?: { contentType: string; chunks(signal: AbortSignal): AsyncIterable<string> };
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;
