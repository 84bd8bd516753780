// The local server's webhook deliveries: a job's end is POSTed, signed, to each endpoint; the
// official `openai` package's webhooks.unwrap accepts it; failures are retried with backoff on the
// server's clock and stop after the bound.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { FineTuning, isFineTuningWebhookEvent } from '../../src/index.ts';
import {
  startLocalServer,
  type LocalServer,
  type LocalServerOptions,
} from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';
import { closedPort, SECRET, startReceiver, type Receiver } from './helpers.ts';

let server: LocalServer | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await server?.close();
  await receiver?.close();
  server = receiver = undefined;
});

async function start(options: LocalServerOptions, statuses?: number[]) {
  receiver = await startReceiver(statuses);
  server = await startLocalServer({
    webhooks: [{ url: receiver.url, secret: SECRET }],
    ...options,
  });
  const ft = new FineTuning({
    baseUrl: server.baseUrl,
    apiKey: server.apiKey,
    webhookSecret: SECRET,
  });
  return { server, receiver, ft };
}

async function createJob(ft: FineTuning, jsonl = TRAINING_JSONL) {
  const file = await ft.files.create({
    file: jsonl,
    filename: 'train.jsonl',
    purpose: 'fine-tune',
  });
  return ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
}

describe('local server webhooks', () => {
  it('POSTs fine_tuning.job.succeeded when a job ends; the official openai package and ours accept it', async () => {
    const { server, receiver, ft } = await start({ clock: 'manual' });
    const job = await createJob(ft);
    server.settle();
    await server.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
    const [{ body, headers }] = receiver.received as [(typeof receiver.received)[0]];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^OpenAI\//);
    const official = await new OpenAI({ apiKey: 'unused', webhookSecret: SECRET }).webhooks.unwrap(
      body,
      headers as Record<string, string>,
    );
    expect(official).toMatchObject({
      type: 'fine_tuning.job.succeeded',
      object: 'event',
      data: { id: job.id },
    });
    const ours = await ft.webhooks.unwrap(body, headers);
    expect(ours).toEqual(official);
    expect(isFineTuningWebhookEvent(ours)).toBe(true);
    expect(ours.created_at).toBe((await ft.jobs.retrieve(job.id)).finished_at);
    expect(server.webhookDeliveries).toMatchObject([
      {
        eventId: ours.id,
        url: receiver.url,
        attempt: 1,
        status: 200,
        ok: true,
        error: null,
        nextAttemptAt: null,
      },
    ]);
  });

  it('sends failed and cancelled too, and only the types an endpoint asked for', async () => {
    const other = await startReceiver();
    try {
      receiver = await startReceiver();
      server = await startLocalServer({
        clock: 'manual',
        webhooks: [
          { url: receiver.url, secret: SECRET },
          { url: other.url, secret: SECRET, events: ['fine_tuning.job.cancelled'] },
        ],
      });
      const ft = new FineTuning({
        baseUrl: server.baseUrl,
        apiKey: server.apiKey,
        webhookSecret: SECRET,
      });
      const failing = await createJob(ft, '{"not": "a chat example"}');
      const cancelled = await createJob(ft);
      await ft.jobs.cancel(cancelled.id);
      server.settle();
      await server.webhooksIdle();
      const types = await Promise.all(
        receiver.received.map(async (r) => ft.webhooks.unwrap(r.body, r.headers)),
      );
      expect(types.map((e) => [e.type, e.data.id]).sort()).toEqual(
        [
          ['fine_tuning.job.cancelled', cancelled.id],
          ['fine_tuning.job.failed', failing.id],
        ].sort(),
      );
      expect(other.received.map((r) => JSON.parse(r.body).type)).toEqual([
        'fine_tuning.job.cancelled',
      ]);
    } finally {
      await other.close();
    }
  });

  it('with a real clock, a job nobody polls still ends and is announced', async () => {
    const { ft, receiver } = await start({ timing: { validatingMs: 5, queuedMs: 5, stepMs: 1 } });
    const job = await createJob(ft);
    const [delivery] = await receiver.waitFor(1);
    expect(JSON.parse(delivery!.body)).toMatchObject({
      type: 'fine_tuning.job.succeeded',
      data: { id: job.id },
    });
  });

  it('retries a failing endpoint with backoff on the server clock, and stops after its bound', async () => {
    const { server, receiver } = await start(
      { clock: 'manual', webhookRetry: { maxAttempts: 3, initialDelayMs: 1000 } },
      [500],
    );
    const [first] = await server.sendWebhook({
      type: 'fine_tuning.job.succeeded',
      data: { id: 'ftjob-x' },
    });
    expect(first).toMatchObject({
      attempt: 1,
      status: 500,
      ok: false,
      nextAttemptAt: server.now() + 1000,
    });
    server.advance(999);
    await server.webhooksIdle();
    expect(server.webhookDeliveries).toHaveLength(1);
    server.advance(1);
    await server.webhooksIdle();
    expect(server.webhookDeliveries.at(-1)).toMatchObject({
      attempt: 2,
      status: 500,
      nextAttemptAt: server.now() + 5000,
    });
    server.advance(5000);
    await server.webhooksIdle();
    server.advance(10 ** 9);
    await server.webhooksIdle();
    expect(
      server.webhookDeliveries.map((d) => [d.attempt, d.status, d.nextAttemptAt === null]),
    ).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, true],
    ]);
    expect(receiver.received).toHaveLength(3);
    // One delivery: the same webhook-id and event in every attempt, each freshly signed.
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
  });

  it('a delivery that succeeds on a retry stops there; an unreachable URL is recorded with its error', async () => {
    const { server, receiver } = await start(
      { clock: 'manual', webhookRetry: { maxAttempts: 4, initialDelayMs: 10 } },
      [503, 200],
    );
    await server.sendWebhook({ type: 'batch.completed', data: { id: 'batch_1' } });
    server.advance(10);
    await server.webhooksIdle();
    server.advance(10 ** 6);
    await server.webhooksIdle();
    expect(server.webhookDeliveries.map((d) => d.status)).toEqual([503, 200]);
    expect(receiver.received).toHaveLength(2);

    const port = await closedPort();
    const [attempt] = await server.sendWebhook(
      { type: 'fine_tuning.job.failed', data: { id: 'ftjob-y' } },
      [{ url: `http://127.0.0.1:${port}/`, secret: SECRET }],
    );
    expect(attempt).toMatchObject({ status: null, ok: false, error: 'ECONNREFUSED', attempt: 1 });
  });

  it('refuses bad webhook options with a message naming the field', async () => {
    await expect(
      startLocalServer({ webhooks: [{ url: 'not a url', secret: SECRET }] }),
    ).rejects.toThrow(/webhooks\[0\]\.url must be an absolute http\(s\) URL/);
    await expect(
      startLocalServer({ webhooks: [{ url: 'http://127.0.0.1:1/', secret: '' }] }),
    ).rejects.toThrow(/webhooks\[0\]\.secret is missing/);
    await expect(startLocalServer({ webhookRetry: { maxAttempts: 0 } })).rejects.toThrow(
      /maxAttempts must be a whole number/,
    );
    server = await startLocalServer({ clock: 'manual' });
    await expect(server.sendWebhook({ type: 'fine_tuning.job.succeeded' })).rejects.toThrow(
      /no webhook endpoint/,
    );
  });
});
