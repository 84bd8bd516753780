// What a handler gets (the validated request parts and the state) and what it gives back.
import type { ServerState } from '../state.ts';

export interface HandlerContext {
  state: ServerState;
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface Reply {
  status?: number;
  json?: unknown;
  /** A raw body (file content), sent instead of `json`. */
  raw?: { bytes: Uint8Array; contentType: string };
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;
