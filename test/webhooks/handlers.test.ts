// The fetch-style handler (ft.webhooks.handler) and the node:http one (openai-fine-tuning/node),
// fed by the local server's deliveries and by hand-made bad ones.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FineTuning, type WebhookEvent } from '../../src/index.ts';
import { nodeWebhookHandler } from '../../src/node/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { SECRET } from './helpers.ts';

const BODY = JSON.stringify({
  id: 'evt_9',
  object: 'event',
  created_at: 1,
  type: 'fine_tuning.job.failed',
  data: { id: 'ftjob-9' },
});
const signedHeaders = (body: string, secret = SECRET) => {
  const at = new Date();
  return {
    'webhook-id': 'msg_9',
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign('msg_9', at, body),
  };
};
const post = (body: string, headers: Record<string, string>) =>
  new Request('http://127.0.0.1/hooks', { method: 'POST', body, headers });

describe('ft.webhooks.handler (fetch-style)', () => {
  const ft = new FineTuning({ webhookSecret: SECRET });

  it('answers 200 once the callback resolves, with the event and its webhook id', async () => {
    const seen: [WebhookEvent, string][] = [];
    const handler = ft.webhooks.handler(async (event, delivery) => {
      seen.push([event, delivery.webhookId]);
    });
    const response = await handler(post(BODY, signedHeaders(BODY)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, id: 'evt_9' });
    expect(seen).toEqual([[JSON.parse(BODY), 'msg_9']]);
  });

  it('answers 400 to a bad signature, saying which check failed, without calling back', async () => {
    const onEvent = vi.fn();
    const handler = ft.webhooks.handler(onEvent);
    const tampered = await handler(post(BODY.replace('failed', 'succeeded'), signedHeaders(BODY)));
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({
      error: { type: 'invalid_webhook_signature', code: 'no_match' },
    });
    const unsigned = await handler(post(BODY, {}));
    expect(await unsigned.json()).toMatchObject({
      error: {
        code: 'missing_header',
        message: expect.stringMatching(
          /no webhook-id, webhook-timestamp, webhook-signature headers/,
        ),
      },
    });
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 500 (so the sender retries) when the callback throws or no secret is configured; 405 to a GET', async () => {
    const onError = vi.fn();
    const failing = ft.webhooks.handler(
      () => {
        throw new Error('database down');
      },
      { onError },
    );
    const response = await failing(post(BODY, signedHeaders(BODY)));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('database down');
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'database down' }),
      JSON.parse(BODY),
    );
    vi.stubEnv('OPENAI_WEBHOOK_SECRET', '');
    try {
      const unconfigured = new FineTuning().webhooks.handler(vi.fn(), { onError: () => {} });
      expect((await unconfigured(post(BODY, signedHeaders(BODY)))).status).toBe(500);
    } finally {
      vi.unstubAllEnvs();
    }
    expect((await failing(new Request('http://127.0.0.1/hooks'))).status).toBe(405);
    // The handler's own secret option takes precedence over the client's.
    const other = `whsec_${Buffer.from('another-secret-another-secret-00').toString('base64')}`;
    expect(
      (
        await ft.webhooks.handler(() => {}, { secret: other })(
          post(BODY, signedHeaders(BODY, other)),
        )
      ).status,
    ).toBe(200);
  });
});

describe('nodeWebhookHandler (node:http)', () => {
  let app: Server | undefined;
  let server: LocalServer | undefined;
  afterEach(async () => {
    app?.closeAllConnections();
    await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
    await server?.close();
    app = server = undefined;
  });

  async function listen(
    onEvent: (event: WebhookEvent) => unknown,
    maxBodyBytes?: number,
  ): Promise<string> {
    const ft = new FineTuning({ webhookSecret: SECRET });
    app = createServer(nodeWebhookHandler(ft.webhooks, onEvent, { maxBodyBytes }));
    await new Promise<void>((resolve) => app!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(app.address() as AddressInfo).port}/hooks`;
  }

  it('receives what the local server sends, and answers 400 and 413 to bad deliveries', async () => {
    const events: WebhookEvent[] = [];
    const url = await listen((event) => events.push(event), 4096);
    server = await startLocalServer({ clock: 'manual', webhooks: [{ url, secret: SECRET }] });
    const [attempt] = await server.sendWebhook({
      type: 'fine_tuning.job.succeeded',
      data: { id: 'ftjob-1' },
    });
    expect(attempt).toMatchObject({ status: 200, ok: true });
    expect(events).toEqual([attempt!.event]);

    const bad = await fetch(url, {
      method: 'POST',
      body: BODY,
      headers: { ...signedHeaders(BODY), 'webhook-signature': 'v1,AAAA' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /32 bytes/,
    );
    const large = 'x'.repeat(5000);
    const tooLarge = await fetch(url, {
      method: 'POST',
      body: large,
      headers: signedHeaders(large),
    });
    expect(tooLarge.status).toBe(413);
    expect(events).toHaveLength(1);
  });
});
