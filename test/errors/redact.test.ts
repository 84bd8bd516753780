// One redaction for every rendering: whatever the secrets are, and however the server echoes them
// (message, nested body fields, response headers), none of them reaches an error's message, its
// JSON or inspection, a log line, `withResponse()`'s headers or the CLI's error line.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/format/error.ts';
import { secretsOf as cliSecrets } from '../../src/cli/globals.ts';
import { isSecretName, redactDeep, redactText, secretsOf } from '../../src/errors/redact.ts';
import { FineTuning, type Logger } from '../../src/index.ts';

// Anything a header can carry, long enough not to occur by chance in the rest of a message.
const secret = fc.stringMatching(/^[A-Za-z0-9_.~+/=-]{12,48}$/);

/** A fetch that answers `status` and echoes every header it was sent, in its body and its headers. */
const echoingFetch =
  (status: number): typeof fetch =>
  async (_input, init) => {
    const sent = Object.fromEntries(new Headers(init?.headers).entries());
    const echoed = Object.values(sent).join(' | ');
    const body = {
      error: { message: `rejected: ${echoed}`, type: 'invalid_request_error', code: null },
      details: {
        sent,
        client_secret: sent['x-gateway-key'],
        nested: [{ token: sent.authorization }],
      },
    };
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'req_echo',
        'set-cookie': `session=${echoed}`,
        'x-echo': echoed,
      },
    });
  };

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (line: string, extra?: unknown) => void lines.push(`${line} ${inspect(extra)}`);
  return { lines, logger: { error: at, warn: at, info: at, debug: at } };
}

const client = (apiKey: string, gatewayKey: string, status: number, logger: Logger) =>
  new FineTuning({
    apiKey,
    baseUrl: 'https://api.openai.test/v1',
    headers: { 'x-gateway-key': gatewayKey },
    fetch: echoingFetch(status),
    maxRetries: 0,
    logger,
    logLevel: 'debug',
  });

describe('no secret in any rendering', () => {
  it('errors, their JSON, log lines and the CLI error line, for any key values (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        secret,
        secret,
        fc.constantFrom(400, 401, 404, 500),
        async (key, gateway, status) => {
          const { logger, lines } = capture();
          const error = await client(key, gateway, status, logger)
            .jobs.retrieve('ftjob-1')
            .then(
              () => expect.unreachable('the call succeeds'),
              (e: unknown) => e,
            );
          const renderings = [
            String(error),
            (error as Error).message,
            JSON.stringify(error),
            inspect(error, { depth: 10 }),
            ...lines,
            describeError(
              error,
              'openai-ft jobs get',
              cliSecrets({ apiKey: key } as never, {}),
              true,
            ),
          ];
          for (const text of renderings) {
            expect(text).not.toContain(key);
            expect(text).not.toContain(gateway);
          }
          expect(lines.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("withResponse()'s headers, for any key values (property)", async () => {
    await fc.assert(
      fc.asyncProperty(secret, secret, async (key, gateway) => {
        const { logger } = capture();
        const ft = client(key, gateway, 200, logger);
        const { response } = await ft.models.retrieve('gpt-4o-mini').withResponse();
        const shown = JSON.stringify([...response.headers.entries()]);
        expect(shown).not.toContain(key);
        expect(shown).not.toContain(gateway);
        expect(response.headers.get('set-cookie')).toBe('[redacted]');
      }),
      { numRuns: 40 },
    );
  });

  it('the CLI redacts the value of every credential-named variable, whatever its value (property)', () => {
    fc.assert(
      fc.property(
        secret,
        fc.constantFrom('OPENAI_API_KEY', 'OPENAI_WEBHOOK_SECRET', 'GATEWAY_TOKEN'),
        (value, name) => {
          const line = describeError(
            new Error(`failed with ${value}`),
            'openai-ft',
            cliSecrets({} as never, { [name]: value }),
          );
          expect(line).not.toContain(value);
          expect(line).toContain('[redacted]');
        },
      ),
    );
  });
});

describe('one rule for secret names', () => {
  it('headers, query parameters, options, body fields and variables named like a credential', () => {
    const secretNames = [
      'Authorization',
      'proxy-authorization',
      'api-key',
      'x-gateway-key',
      'ocp-apim-subscription-key',
      'set-cookie',
      'api_key',
      'access_token',
      'X-Amz-Signature',
      'sig',
      'apiKey',
      'adminApiKey',
      'webhookSecret',
      'client_secret',
      'password',
      'OPENAI_API_KEY',
      'OPENAI_WEBHOOK_SECRET',
    ];
    const plainNames = [
      'Idempotency-Key',
      'idempotencyKey',
      'x-ratelimit-remaining-tokens',
      'x-request-id',
      'openai-organization',
      'content-type',
      'limit',
      'after',
      'purpose',
      'OPENAI_BASE_URL',
      'trained_tokens',
      'baseUrl',
    ];
    expect(secretNames.filter((n) => !isSecretName(n))).toEqual([]);
    expect(plainNames.filter(isSecretName)).toEqual([]);
  });

  it('a body field named like a credential is redacted whatever its value; other fields keep theirs', () => {
    expect(redactDeep({ client_secret: 'abc', nested: [{ api_key: 'x' }], id: 'ftjob-1' })).toEqual(
      {
        client_secret: '[redacted]',
        nested: [{ api_key: '[redacted]' }],
        id: 'ftjob-1',
      },
    );
  });

  it('secrets are taken trimmed, longest first, and only from 4 characters up', () => {
    const secrets = secretsOf({
      authorization: 'Bearer abcd-1234',
      'x-gateway-key': ' abcd-1234-long ',
      OPENAI_API_KEY: 'ab',
      apiKey: undefined,
      'content-type': 'application/json',
    });
    expect(secrets).toEqual(['Bearer abcd-1234', 'abcd-1234-long', 'abcd-1234']);
    expect(redactText('a abcd-1234-long b abcd-1234 c application/json', secrets)).toBe(
      'a [redacted] b [redacted] c application/json',
    );
  });
});
