// ft.webhooks.unwrap / verifySignature against the Standard Webhooks reference implementation
// (`standardwebhooks`), both ways, and every way a delivery can be wrong.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FineTuning,
  InvalidArgumentError,
  InvalidWebhookSignatureError,
  isFineTuningWebhookEvent,
  isInvalidWebhookSignatureError,
  type WebhookCheck,
} from 'openai-fine-tuning';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('fedcba9876543210fedcba9876543210').toString('base64')}`;
const BODY = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  created_at: 1_750_000_000,
  type: 'fine_tuning.job.succeeded',
  data: { id: 'ftjob-abc' },
});

/** Headers as the reference implementation signs them, at `at` (a Date). */
function signed(body: string | Buffer, secret = SECRET, at = new Date(), id = 'msg_1') {
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

async function failure(promise: Promise<unknown>): Promise<InvalidWebhookSignatureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidWebhookSignatureError);
  expect(isInvalidWebhookSignatureError(error)).toBe(true);
  for (const secret of [SECRET, OTHER])
    expect((error as Error).message).not.toContain(secret.slice(6));
  return error as InvalidWebhookSignatureError;
}

const expectCheck = async (promise: Promise<unknown>, check: WebhookCheck, words: RegExp) => {
  const error = await failure(promise);
  expect(error.check).toBe(check);
  expect(error.message).toMatch(words);
};

afterEach(() => vi.unstubAllEnvs());

describe('ft.webhooks against standardwebhooks', () => {
  const ft = new FineTuning({ webhookSecret: SECRET });

  it('accepts what the reference implementation signs, and parses the event', async () => {
    const event = await ft.webhooks.unwrap(BODY, signed(BODY));
    expect(event).toEqual(JSON.parse(BODY));
    expect(isFineTuningWebhookEvent(event)).toBe(true);
    if (isFineTuningWebhookEvent(event) && event.type === 'fine_tuning.job.succeeded')
      expect(event.data.id).toBe('ftjob-abc');
    await expect(ft.webhooks.verifySignature(BODY, signed(BODY))).resolves.toBeUndefined();
  });

  it('the reference implementation accepts what the local server signs (sign())', async () => {
    const { sign } = await import('../../src/webhooks/verify.ts');
    const headers = await sign(BODY, SECRET, 'msg_2');
    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
  });

  it('agrees with the reference implementation on any body, id and secret (both ways)', async () => {
    const { sign } = await import('../../src/webhooks/verify.ts');
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.stringMatching(/^msg_[A-Za-z0-9]{1,20}$/),
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        async (body, id, key) => {
          const secret = `whsec_${Buffer.from(key).toString('base64')}`;
          await ft.webhooks.verifySignature(body, signed(body, secret, new Date(), id), secret);
          const headers = await sign(body, secret, id);
          expect(() =>
            new Webhook(secret).verify(body, headers, { jsonParse: false }),
          ).not.toThrow();
        },
      ),
      { numRuns: 50 },
    );
  });

  it('takes the body as bytes and the headers as Headers or Node-style objects (arrays, any case)', async () => {
    const headers = signed(BODY);
    await ft.webhooks.verifySignature(new TextEncoder().encode(BODY), new Headers(headers));
    await ft.webhooks.verifySignature(Buffer.from(BODY), {
      ...headers,
      'webhook-signature': [headers['webhook-signature']],
    });
    await ft.webhooks.verifySignature(new TextEncoder().encode(BODY).buffer, {
      'Webhook-Id': headers['webhook-id'],
      'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'],
      'webhook-signature': headers['webhook-signature'],
    });
  });

  it('refuses a parsed object, saying to pass the raw body', async () => {
    const error = await ft.webhooks
      .unwrap(JSON.parse(BODY) as never, signed(BODY))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(
      /raw body.*re-serialised JSON changes the signed bytes/,
    );
  });

  it('a tampered body, a wrong secret: no signature matched', async () => {
    await expectCheck(
      ft.webhooks.unwrap(BODY.replace('ftjob-abc', 'ftjob-xyz'), signed(BODY)),
      'no_match',
      /No signature .* matches the body/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, signed(BODY, OTHER)),
      'no_match',
      /not this endpoint's/,
    );
    // A body re-serialised with other spacing is different bytes.
    await expectCheck(
      ft.webhooks.unwrap(JSON.stringify(JSON.parse(BODY), null, 1), signed(BODY)),
      'no_match',
      /raw body/,
    );
  });

  it('rotation: several secrets, and several signatures in one header', async () => {
    await ft.webhooks.verifySignature(BODY, signed(BODY, OTHER), [SECRET, OTHER]);
    const rotating = new FineTuning({ webhookSecret: [OTHER, SECRET] });
    await rotating.webhooks.verifySignature(BODY, signed(BODY, SECRET));
    const at = new Date();
    const both = signed(BODY, OTHER, at);
    both['webhook-signature'] =
      `v1,${Buffer.alloc(32).toString('base64')} ${both['webhook-signature']} ${signed(BODY, SECRET, at)['webhook-signature']}`;
    await ft.webhooks.verifySignature(BODY, both);
    await ft.webhooks.verifySignature(BODY, both, OTHER);
  });

  it('timestamps: too old and from the future, by the tolerance (default 300 s, both directions)', async () => {
    const now = Date.now();
    await expectCheck(
      ft.webhooks.unwrap(BODY, signed(BODY, SECRET, new Date(now - 301_000))),
      'too_old',
      /old, more than the tolerance of 300 s/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, signed(BODY, SECRET, new Date(now + 400_000))),
      'from_the_future',
      /in the future/,
    );
    await ft.webhooks.unwrap(BODY, signed(BODY, SECRET, new Date(now - 250_000)));
    await ft.webhooks.unwrap(BODY, signed(BODY, SECRET, new Date(now - 500_000)), undefined, 600);
    await expectCheck(
      ft.webhooks.unwrap(BODY, signed(BODY, SECRET, new Date(now - 60_000)), undefined, 30),
      'too_old',
      /tolerance of 30 s/,
    );
  });

  it('missing and malformed headers say which', async () => {
    const good = signed(BODY);
    const without = (name: keyof typeof good) =>
      Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
    await expectCheck(
      ft.webhooks.unwrap(BODY, without('webhook-signature')),
      'missing_header',
      /no webhook-signature header/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, without('webhook-id')),
      'missing_header',
      /no webhook-id header/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, {}),
      'missing_header',
      /webhook-id, webhook-timestamp, webhook-signature headers/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, { ...good, 'webhook-timestamp': 'yesterday' }),
      'malformed_header',
      /webhook-timestamp header is not a whole number/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, {
        ...good,
        'webhook-signature': good['webhook-signature'].replace('v1,', 'v2,'),
      }),
      'malformed_header',
      /no `v1,<base64>` signature/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, { ...good, 'webhook-signature': 'v1,not*base64' }),
      'malformed_header',
      /32 bytes/,
    );
    await expectCheck(
      ft.webhooks.unwrap(BODY, {
        ...good,
        'webhook-signature': Array(40).fill(good['webhook-signature']).join(' '),
      }),
      'malformed_header',
      /at most 32/,
    );
  });

  it('a signed body that is not an event', async () => {
    await expectCheck(
      ft.webhooks.unwrap('not json', signed('not json')),
      'invalid_json',
      /not JSON/,
    );
    await expectCheck(ft.webhooks.unwrap('[1]', signed('[1]')), 'invalid_json', /not an event/);
  });

  it('an event of another type parses as an unknown event', async () => {
    const body = JSON.stringify({
      id: 'evt_2',
      object: 'event',
      created_at: 1,
      type: 'batch.completed',
      data: { id: 'batch_1' },
    });
    const event = await ft.webhooks.unwrap(body, signed(body));
    expect(event.type).toBe('batch.completed');
    expect(isFineTuningWebhookEvent(event)).toBe(false);
  });
});

describe('the webhookSecret option', () => {
  it('falls back to OPENAI_WEBHOOK_SECRET, and a webhooks-only client needs no API key', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('OPENAI_WEBHOOK_SECRET', SECRET);
    const ft = new FineTuning();
    await expect(ft.webhooks.unwrap(BODY, signed(BODY))).resolves.toMatchObject({ id: 'evt_1' });
  });

  it('without any secret, says where to set one', async () => {
    vi.stubEnv('OPENAI_WEBHOOK_SECRET', '');
    await expectCheck(
      new FineTuning().webhooks.unwrap(BODY, signed(BODY)),
      'missing_secret',
      /webhookSecret.*OPENAI_WEBHOOK_SECRET/,
    );
    await expectCheck(
      new FineTuning({ webhookSecret: 'whsec_!!!' }).webhooks.unwrap(BODY, signed(BODY)),
      'invalid_secret',
      /not base64/,
    );
  });

  it('is redacted in every rendering of the client', async () => {
    const raw = SECRET.slice(6);
    for (const ft of [
      new FineTuning({ webhookSecret: SECRET, apiKey: 'sk-x' }),
      new FineTuning({ webhookSecret: [OTHER, SECRET], apiKey: 'sk-x' }),
    ]) {
      await ft.webhooks.verifySignature(BODY, signed(BODY));
      const renderings = [
        JSON.stringify(ft),
        JSON.stringify(ft.webhooks),
        String(ft),
        inspect(ft, { showHidden: true, depth: Infinity, getters: true }),
        inspect(ft.webhooks, { showHidden: true, depth: Infinity, getters: true }),
        inspect(ft.options, { showHidden: true, depth: Infinity }),
        JSON.stringify({ ...ft }),
        Object.values(ft).map(String).join(' '),
      ];
      for (const text of renderings) expect(text).not.toContain(raw);
    }
  });
});
