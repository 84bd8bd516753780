// A node:http webhook endpoint: the request's raw bytes (bounded) into `ft.webhooks.handler()`'s
// fetch-style handler, its Response back out. One implementation of the checks and answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Webhooks } from '../webhooks/webhooks.ts';
import type { OnWebhookEvent, WebhookHandlerOptions } from '../webhooks/handler.ts';

export interface NodeWebhookHandlerOptions extends WebhookHandlerOptions {
  /** Larger bodies are answered 413 (the rest is read and dropped, not kept). @default 1048576 (1 MiB) */
  maxBodyBytes?: number | undefined;
}

/**
 * A `(req, res)` listener for `node:http` (and Express, Fastify's raw mode, Koa's `ctx.req`): 400
 * on a delivery that fails verification, 200 once `onEvent` resolves, 500 if it throws.
 * Mount it before any JSON body parser: it needs the raw bytes.
 * @example
 * import { createServer } from 'node:http';
 * import { FineTuning } from 'openai-fine-tuning';
 * import { nodeWebhookHandler } from 'openai-fine-tuning/node';
 * const ft = new FineTuning(); // OPENAI_WEBHOOK_SECRET
 * createServer(nodeWebhookHandler(ft.webhooks, async (event) => console.log(event.type, event.data.id))).listen(8080);
 */
export function nodeWebhookHandler(
  webhooks: Webhooks,
  onEvent: OnWebhookEvent,
  options: NodeWebhookHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handle = webhooks.handler(onEvent, options);
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  return async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
          res.end(
            JSON.stringify({
              error: {
                message: `The webhook body is larger than ${limit} bytes.`,
                type: 'invalid_request_error',
              },
            }),
          );
          // The rest is read and dropped (not kept), so the client sees the answer before the close.
          req.resume();
          return;
        }
        chunks.push(chunk);
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined)
          headers.set(
            name,
            Array.isArray(value) ? value.join(name === 'webhook-signature' ? ' ' : ', ') : value,
          );
      }
      const method = req.method ?? 'POST';
      const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
      const response = await handle(
        new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
          method,
          headers,
          body,
        }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: 'The webhook endpoint failed.', type: 'server_error' },
        }),
      );
      (options.onError ?? console.error)(error);
    }
  };
}
