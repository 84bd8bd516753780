// `openai-ft webhooks listen|trigger`: receive fine-tuning webhooks in a terminal (verified, printed,
// optionally forwarded to the app being developed), and send one signed event to test a handler.
// With `openai-ft server --webhook-url … --webhook-secret …` the whole loop runs offline.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentError, type Command } from 'commander';
import {
  isFineTuningWebhookEvent,
  newId,
  signWebhook,
  unwrapWebhook,
  type WebhookEvent,
} from '../sdk/webhooks.ts';
import { CommandFailedError, ExitCode, UsageError } from '../errors.ts';
import { positiveInt } from '../parse.ts';
import type { Act } from './act.ts';
import type { Context } from '../context.ts';

/** The port `listen` uses unless told otherwise (the one the docs' three-command loop names). */
export const DEFAULT_LISTEN_PORT = 8787;
const MAX_BODY = 1024 * 1024;
const HOP_HEADERS = [
  'content-type',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
];

function secretFrom(ctx: Context, flag: string | undefined): string {
  const secret = flag?.trim() || ctx.io.env.OPENAI_WEBHOOK_SECRET?.trim();
  if (!secret)
    throw new UsageError(
      'no webhook secret: pass --secret or set OPENAI_WEBHOOK_SECRET (the secret the sender signs with, whsec_…).',
      ctx.command,
    );
  return secret;
}

function url(flag: string) {
  return (value: string): string => {
    try {
      const u = new URL(value);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    } catch {
      // below
    }
    throw new InvalidArgumentError(`${flag} must be an http(s) URL, got "${value}".`);
  };
}

function describe(event: WebhookEvent, webhookId: string): string {
  const subject = isFineTuningWebhookEvent(event)
    ? `job ${event.data.id}`
    : `data ${JSON.stringify(event.data)}`;
  return `${new Date(event.created_at * 1000).toISOString()}  ${event.type}  ${subject}  (event ${event.id}, webhook-id ${webhookId})`;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function listen(
  ctx: Context,
  o: { port?: number; secret?: string; forwardTo?: string },
): Promise<never> {
  const secret = secretFrom(ctx, o.secret);
  const unwrap = unwrapWebhook(secret);
  const line = (text: string) => ctx.out(text);
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST')
        return answer(res, 405, { error: { message: 'Webhooks are delivered with POST.' } });
      const body = await readBody(req);
      if (!body)
        return answer(res, 413, {
          error: { message: `The body is larger than ${MAX_BODY} bytes.` },
        });
      let event: WebhookEvent;
      try {
        event = await unwrap(body, req.headers);
      } catch (error) {
        const message = (error as Error).message;
        if (ctx.g.json)
          line(JSON.stringify({ rejected: message, check: (error as { check?: string }).check }));
        else ctx.io.stderr.write(`rejected a delivery (answered 400): ${message}\n`);
        return answer(res, 400, { error: { message, type: 'invalid_webhook_signature' } });
      }
      const webhookId = String(req.headers['webhook-id']);
      if (!o.forwardTo) {
        line(ctx.g.json ? JSON.stringify(event) : describe(event, webhookId));
        return answer(res, 200, { received: true, id: event.id });
      }
      // Forwarded unchanged: the same bytes and signature headers, so the app verifies them itself.
      const headers: Record<string, string> = {};
      for (const name of HOP_HEADERS) {
        const value = req.headers[name];
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(' ') : value;
      }
      try {
        const forwarded = await fetch(o.forwardTo, {
          method: 'POST',
          headers,
          body: new Uint8Array(body),
          signal: AbortSignal.timeout(30_000),
        });
        const reply = Buffer.from(await forwarded.arrayBuffer());
        if (ctx.g.json)
          line(
            JSON.stringify({ event, forwarded: { url: o.forwardTo, status: forwarded.status } }),
          );
        else
          line(
            `${describe(event, webhookId)}\n  -> ${o.forwardTo} answered ${forwarded.status} ${forwarded.statusText}`.trimEnd(),
          );
        res
          .writeHead(forwarded.status, {
            'content-type': forwarded.headers.get('content-type') ?? 'text/plain',
          })
          .end(reply);
      } catch (error) {
        const cause =
          (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        if (ctx.g.json)
          line(JSON.stringify({ event, forwarded: { url: o.forwardTo, error: cause } }));
        else
          line(
            `${describe(event, webhookId)}\n  -> ${o.forwardTo} unreachable (${cause}); answered 502, so the sender retries`,
          );
        answer(res, 502, { error: { message: `Could not forward to the app: ${cause}` } });
      }
    })().catch((error: unknown) => {
      ctx.io.stderr.write(`the listener failed: ${(error as Error).message}\n`);
      if (!res.headersSent) answer(res, 500, { error: { message: 'The listener failed.' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError(
              `port ${o.port ?? DEFAULT_LISTEN_PORT} is in use: pass another with --port.`,
              ctx.command,
            )
          : error,
      ),
    );
    server.listen(o.port ?? DEFAULT_LISTEN_PORT, '127.0.0.1', resolve);
  });
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Listening before the banner: a Ctrl-C sent as soon as it shows must stop cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const banner = `Listening for webhooks on ${address}${o.forwardTo ? `, forwarding verified ones to ${o.forwardTo}` : ''}. Ctrl-C stops.`;
  if (ctx.g.json) ctx.io.stderr.write(`${banner}\n`);
  else line(banner);
  await stopped;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  ctx.note('Stopped listening.');
  throw new ExitCode(0);
}

async function trigger(
  ctx: Context,
  type: string,
  o: { url: string; secret?: string; job?: string },
): Promise<void> {
  if (!/^[a-z_]+(\.[a-z_]+)+$/.test(type)) {
    throw new UsageError(
      `TYPE must be an event type such as fine_tuning.job.succeeded, got "${type}".`,
      ctx.command,
    );
  }
  const secret = secretFrom(ctx, o.secret);
  const event = {
    id: await newId('evt_'),
    object: 'event',
    created_at: Math.floor(Date.now() / 1000),
    type,
    data: { id: o.job ?? (await newId('ftjob-')) },
  };
  const body = JSON.stringify(event);
  let response: Response;
  try {
    response = await fetch(o.url, {
      method: 'POST',
      headers: {
        ...(await signWebhook(body, secret)),
        'content-type': 'application/json',
        'user-agent': 'openai-ft webhooks trigger',
      },
      body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    // Not a usage error (the flags were right): the receiver is not there. Exit 1, as for a non-2xx.
    throw new CommandFailedError(
      `could not reach ${o.url} (${cause}): is the handler running? Start it (or \`openai-ft webhooks listen\`) and send again.`,
    );
  }
  const reply = (await response.text()).slice(0, 500);
  if (ctx.g.json) ctx.json({ event, status: response.status, body: reply });
  else
    ctx.out(
      `Sent ${type} (event ${event.id}, job ${event.data.id}) to ${o.url}: ${response.status} ${response.statusText}${reply ? `\n${reply}` : ''}`,
    );
  if (!response.ok) throw new ExitCode(1);
}

export function webhooksCommand(program: Command, act: Act): void {
  const webhooks = program
    .command('webhooks')
    .description('receive fine-tuning webhooks in the terminal, and send test ones');
  webhooks
    .command('listen')
    .description(
      'receive webhooks on 127.0.0.1, verify each, print it (and forward it to your app); until Ctrl-C',
    )
    .option('--port <n>', `port (default ${DEFAULT_LISTEN_PORT})`, positiveInt('--port'))
    .option(
      '--secret <secret>',
      'the secret deliveries are signed with (default: $OPENAI_WEBHOOK_SECRET)',
    )
    .option(
      '--forward-to <url>',
      'forward verified deliveries, unchanged, to this URL and print its answer',
      url('--forward-to'),
    )
    .action(act(async (ctx, _args, o) => listen(ctx, o)));
  webhooks
    .command('trigger')
    .description('send one signed event to a URL, to test a webhook handler')
    .argument(
      '<type>',
      'fine_tuning.job.succeeded, fine_tuning.job.failed, fine_tuning.job.cancelled (or any other type)',
    )
    .requiredOption('--url <url>', 'where to send it', url('--url'))
    .option('--secret <secret>', 'the secret to sign with (default: $OPENAI_WEBHOOK_SECRET)')
    .option('--job <id>', "the job id in the event's data (default: a made-up ftjob- id)")
    .action(
      act(async (ctx, args, o) =>
        trigger(ctx, args[0]!, o as { url: string; secret?: string; job?: string }),
      ),
    );
}
