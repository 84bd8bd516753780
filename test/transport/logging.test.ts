// Logging: one line per request, response, retry and failure, with method, path, status, attempt,
// duration and request id; no secret in any line, whatever the headers carry.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, FineTuning, type Logger, type LogLevel } from '../../src/index.ts';
import { jobBody, json, startFaultServer, type FaultServer } from '../helpers/fault-server.ts';

const API_KEY = 'sk-proj-logsecret0123456789';
let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterEach(() => {
  server.requests.length = 0;
  delete process.env.OPENAI_LOG;
});
afterAll(() => server.close());

function capture(): { logger: Logger; lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  const at = (level: string) => (line: string) => void lines.push([level, line]);
  return {
    lines,
    logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') },
  };
}

const client = (logger: Logger, logLevel?: LogLevel) =>
  new FineTuning({
    apiKey: API_KEY,
    baseUrl: server.baseUrl,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    logger,
    logLevel,
    headers: { 'x-api-key': 'custom-secret-value' },
  });

describe('log lines', () => {
  it('debug: request, retry and response lines with everything needed to follow a call', async () => {
    server.handle = (_req, res, n) =>
      n === 1
        ? json(res, 503, {}, { 'x-request-id': 'req_first' })
        : json(res, 200, jobBody('ftjob-1'), { 'x-request-id': 'req_second' });
    const { logger, lines } = capture();
    await client(logger, 'debug').jobs.cancel('ftjob-1');
    const text = lines.map(([level, line]) => `${level} ${line}`);
    expect(text).toHaveLength(4);
    expect(text[0]).toMatch(
      /^debug openai-fine-tuning: request POST \/v1\/fine_tuning\/jobs\/ftjob-1\/cancel attempt=1\/3 headers=\{.*"authorization":"\[redacted\]"/,
    );
    expect(text[1]).toMatch(
      /^info openai-fine-tuning: retry POST \/v1\/fine_tuning\/jobs\/ftjob-1\/cancel status=503 attempt=1\/3 duration=\d+ms request_id=req_first, retrying in \d+ms$/,
    );
    expect(text[2]).toMatch(/^debug openai-fine-tuning: request POST .* attempt=2\/3/);
    expect(text[3]).toMatch(
      /^debug openai-fine-tuning: response POST \/v1\/fine_tuning\/jobs\/ftjob-1\/cancel status=200 attempt=2\/3 duration=\d+ms request_id=req_second$/,
    );
    const all = text.join('\n');
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain('logsecret');
    expect(all).not.toContain('custom-secret-value');
    expect(all).toContain('"x-api-key":"[redacted]"');
    expect(all).toMatch(/"idempotency-key":"idem-/);
  });

  it('info: a failed request, as the official package logs it; warn and the default: nothing for it', async () => {
    server.handle = (_req, res) =>
      json(res, 404, { error: { message: 'no' } }, { 'x-request-id': 'req_404' });
    const { logger, lines } = capture();
    await expect(client(logger, 'info').jobs.retrieve('ftjob-1')).rejects.toThrow(/404/);
    expect(lines).toEqual([
      [
        'info',
        expect.stringMatching(
          /^openai-fine-tuning: response GET \/v1\/fine_tuning\/jobs\/ftjob-1 status=404 attempt=1\/3 duration=\d+ms request_id=req_404$/,
        ),
      ],
    ]);
    lines.length = 0;
    // The error the call throws says it all: a service that prints its errors does not see it twice.
    await expect(client(logger, 'warn').jobs.retrieve('ftjob-1')).rejects.toThrow(/404/);
    await expect(client(logger).jobs.retrieve('ftjob-1')).rejects.toThrow(/404/);
    expect(lines).toEqual([]);
  });

  it("the default level is 'warn', as in the official package", () => {
    expect(new FineTuning({ apiKey: 'k' }).options.logLevel).toBe('warn');
    process.env.OPENAI_LOG = 'off';
    expect(new FineTuning({ apiKey: 'k' }).options.logLevel).toBe('off');
  });

  it('warn: a lost create whose result could not be looked up', async () => {
    // The create's answer is lost (503 twice), and so is every look-up of the job it may have made.
    server.handle = (_req, res) => json(res, 503, {});
    const { logger, lines } = capture();
    const ft = new FineTuning({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      maxRetries: 1,
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      logger,
    });
    await expect(ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-1' })).rejects.toThrow(
      /may have been processed/,
    );
    expect(lines.map(([level]) => level)).toEqual(['warn']);
    expect(lines[0]![1]).toMatch(
      /^openai-fine-tuning: reconcile POST \/v1\/fine_tuning\/jobs attempt=2\/2 failed: /,
    );
    expect(lines.join('\n')).not.toContain(API_KEY);
  });

  it('OPENAI_LOG sets the level when the options do not', async () => {
    process.env.OPENAI_LOG = 'info';
    server.handle = (_req, res, n) =>
      n === 1 ? json(res, 500, {}) : json(res, 200, jobBody('ftjob-1'));
    const { logger, lines } = capture();
    await client(logger).jobs.retrieve('ftjob-1');
    expect(lines.map(([level]) => level)).toEqual(['info']);
  });

  it.each(['off', undefined] as const)(
    '%s (undefined: the default) writes nothing for a failed request',
    async (level) => {
      server.handle = (_req, res) => json(res, 500, {});
      const { logger, lines } = capture();
      await expect(client(logger, level).jobs.retrieve('ftjob-1')).rejects.toThrow();
      expect(lines).toEqual([]);
    },
  );

  it('an unknown level is a ConfigurationError that lists the levels', () => {
    expect(() => new FineTuning({ apiKey: 'k', logLevel: 'verbose' as LogLevel })).toThrow(
      ConfigurationError,
    );
    expect(() => new FineTuning({ apiKey: 'k', logLevel: 'verbose' as LogLevel })).toThrow(
      /off, error, warn, info, debug/,
    );
  });
});

describe('option checks', () => {
  it.each([
    [{ timeout: 0 }, /`timeout` must be a positive number/],
    [{ timeout: Number.NaN }, /`timeout` must be a positive number/],
    [{ maxRetries: -1 }, /`maxRetries` must be a whole number >= 0/],
    [{ maxRetries: 1.5 }, /`maxRetries` must be a whole number >= 0/],
  ])('client %o is refused', (options, message) => {
    expect(() => new FineTuning({ apiKey: 'k', ...options })).toThrow(message);
  });

  it('per-call values are checked before anything is sent', async () => {
    const { logger } = capture();
    await expect(client(logger).jobs.retrieve('ftjob-1', { timeout: -5 })).rejects.toThrow(
      /`timeout` must be a positive number of milliseconds, got -5/,
    );
    await expect(client(logger).jobs.cancel('ftjob-1', { idempotencyKey: ' ' })).rejects.toThrow(
      /`idempotencyKey` must be a non-empty string/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
