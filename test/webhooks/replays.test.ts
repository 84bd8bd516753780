// Replayed deliveries: the handler de-duplicates on `webhook-id` (Standard Webhooks). A delivery
// that comes again (the sender's retry after a lost answer, or a replay within the tolerance) is
// verified, answered 200 with `duplicate: true`, and does not reach `onEvent`; a failed one is
// forgotten so its retry is handled. The default store is bounded (count and time); a shared,
// Redis-like store works across handler instances.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { FineTuning, type WebhookDedupeStore, type WebhookEvent } from '../../src/index.ts';
import { memoryDedupeStore } from '../../src/webhooks/handler.ts';
import { SECRET } from './helpers.ts';

const ft = new FineTuning({ webhookSecret: SECRET });
const body = (id: string) =>
  JSON.stringify({
    id,
    object: 'event',
    created_at: 1,
    type: 'fine_tuning.job.succeeded',
    data: { id: 'ftjob-1' },
  });
/** A signed delivery; `at` differs between a sender's retries, `webhook-id` does not. */
function delivery(webhookId: string, eventId = `evt_${webhookId}`, at = new Date()) {
  const text = body(eventId);
  return new Request('http://127.0.0.1/hooks', {
    method: 'POST',
    body: text,
    headers: {
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign(webhookId, at, text),
    },
  });
}

describe('webhook replays', () => {
  it('the same delivery again is 200 { duplicate: true }, onEvent runs once, onDuplicate hears of it', async () => {
    const handled: string[] = [];
    const duplicates: [string, string][] = [];
    const handler = ft.webhooks.handler((event) => void handled.push(event.id), {
      onDuplicate: (event, d) => void duplicates.push([event.id, d.webhookId]),
    });
    const first = await handler(delivery('msg_1'));
    expect(await first.json()).toEqual({ received: true, id: 'evt_msg_1' });
    // A replay of the same bytes, and the sender's retry (new timestamp, same webhook-id).
    for (const again of [
      delivery('msg_1'),
      delivery('msg_1', 'evt_msg_1', new Date(Date.now() - 60_000)),
    ]) {
      const response = await handler(again);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true, id: 'evt_msg_1', duplicate: true });
    }
    expect(handled).toEqual(['evt_msg_1']);
    expect(duplicates).toEqual([
      ['evt_msg_1', 'msg_1'],
      ['evt_msg_1', 'msg_1'],
    ]);
    // Another delivery is handled; a replay that fails verification is still a 400.
    expect((await handler(delivery('msg_2'))).status).toBe(200);
    const forged = delivery('msg_1');
    const tampered = new Request(forged.url, {
      method: 'POST',
      headers: forged.headers,
      body: body('evt_other'),
    });
    expect((await handler(tampered)).status).toBe(400);
    expect(handled).toEqual(['evt_msg_1', 'evt_msg_2']);
  });

  it('a delivery whose onEvent failed is forgotten: its retry is handled', async () => {
    let calls = 0;
    const handler = ft.webhooks.handler(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('crashed');
      },
      { onError: () => {} },
    );
    expect((await handler(delivery('msg_f'))).status).toBe(500);
    const retry = await handler(delivery('msg_f'));
    expect(await retry.json()).toEqual({ received: true, id: 'evt_msg_f' });
    expect(calls).toBe(2);
    expect(await (await handler(delivery('msg_f'))).json()).toMatchObject({ duplicate: true });
  });

  it('each handler has its own default store; dedupe: false calls onEvent every time', async () => {
    const seen: WebhookEvent[] = [];
    const a = ft.webhooks.handler((e) => void seen.push(e));
    const b = ft.webhooks.handler((e) => void seen.push(e));
    const off = ft.webhooks.handler((e) => void seen.push(e), { dedupe: false });
    for (const h of [a, a, b, off, off]) expect((await h(delivery('msg_s'))).status).toBe(200);
    expect(seen).toHaveLength(4);
  });

  it('a shared Redis-like store (claim = SET NX EX, release = DEL) de-duplicates across instances', async () => {
    const redis = new Map<string, { expires: number }>();
    const ttls: number[] = [];
    const store: WebhookDedupeStore = {
      async claim(id, ttlSeconds) {
        ttls.push(ttlSeconds);
        const key = `webhook:${id}`;
        const held = redis.get(key);
        if (held && held.expires > Date.now()) return false;
        redis.set(key, { expires: Date.now() + ttlSeconds * 1000 });
        return true;
      },
      async release(id) {
        redis.delete(`webhook:${id}`);
      },
    };
    let handled = 0;
    const instances = [1, 2].map(() =>
      ft.webhooks.handler(() => void (handled += 1), { dedupe: store, dedupeTtlSeconds: 3600 }),
    );
    const answers = await Promise.all(
      [0, 1, 0, 1].map(async (i) => (await instances[i]!(delivery('msg_r'))).json()),
    );
    expect(handled).toBe(1);
    expect(answers.filter((a) => a.duplicate)).toHaveLength(3);
    expect(ttls).toEqual([3600, 3600, 3600, 3600]);
  });

  it('a store that fails is a 500 (the sender retries later), and onEvent is not called', async () => {
    const errors: unknown[] = [];
    let handled = 0;
    const handler = ft.webhooks.handler(() => void (handled += 1), {
      dedupe: { claim: () => Promise.reject(new Error('store down')), release: () => {} },
      onError: (e) => void errors.push(e),
    });
    expect((await handler(delivery('msg_x'))).status).toBe(500);
    expect(handled).toBe(0);
    expect(errors).toHaveLength(1);
  });
});

describe('the default in-memory store', () => {
  it('holds at most `max` ids, forgetting the oldest first', () => {
    const store = memoryDedupeStore(3);
    for (const id of ['a', 'b', 'c', 'd']) expect(store.claim(id, 60)).toBe(true);
    expect(store.claim('a', 60)).toBe(true); // forgotten when d came
    expect(store.claim('d', 60)).toBe(false);
    expect(store.claim('c', 60)).toBe(false);
  });

  it('forgets an id after its ttl, and on release', () => {
    let now = 0;
    const store = memoryDedupeStore(10, () => now);
    expect(store.claim('a', 10)).toBe(true);
    now = 9_999;
    expect(store.claim('a', 10)).toBe(false);
    now = 10_000;
    expect(store.claim('a', 10)).toBe(true);
    store.release('a');
    expect(store.claim('a', 10)).toBe(true);
  });

  it('stays bounded under 100,000 distinct ids', () => {
    const store = memoryDedupeStore(1000);
    for (let i = 0; i < 100_000; i++) store.claim(`id${i}`, 3600);
    expect(store.claim('id99999', 3600)).toBe(false);
    expect(store.claim('id98999', 3600)).toBe(true); // the 1001st most recent: forgotten
  });
});
