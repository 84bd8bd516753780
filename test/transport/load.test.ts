// Load: 10,000 retrieves at 256 in flight with 5% injected faults, every call accounted for; and
// a process that made 10,000 calls exits promptly afterwards (no timer or socket outlives a call).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FineTuning, isFineTuningError, isInvalidResponseError } from '../../src/index.ts';
import { jobBody, json, reset, useFaultServer, type FaultServer } from '../helpers/fault-server.ts';

const fault = useFaultServer();

const ok = JSON.stringify(jobBody('ftjob-1'));
/** One request in 20 misbehaves, in one of six ways, in turn. */
const faulty: FaultServer['handle'] = (_req, res, n) => {
  if (n % 20 !== 0) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(ok.length) });
    return void res.end(ok);
  }
  switch ((n / 20) % 6) {
    case 0:
      return reset(res);
    case 1:
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(ok.length),
      });
      res.write(ok.slice(0, 20));
      return void setTimeout(() => reset(res), 2);
    case 2:
      return json(res, 500, { error: { message: 'boom' } });
    case 3:
      return json(res, 429, { error: { message: 'slow down' } }, { 'retry-after-ms': '5' });
    case 4:
      res.writeHead(502, { 'content-type': 'text/html' });
      return void res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    default:
      return; // stalls past the timeout
  }
};

describe('load', () => {
  it('10,000 retrieves at 256 in flight with 5% faults: every call ends in success or a typed error', async () => {
    fault.server.handle = faulty;
    fault.server.requests.length = 0;
    const ft = new FineTuning({
      apiKey: 'sk-load-key',
      baseUrl: fault.server.baseUrl,
      timeout: 3000,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      logLevel: 'off',
    });
    const outcomes = {
      ok: 0,
      typed: 0,
      untyped: [] as unknown[],
      kinds: {} as Record<string, number>,
    };
    let next = 0;
    const worker = async () => {
      while (next < 10_000) {
        next++;
        try {
          const job = await ft.jobs.retrieve('ftjob-1');
          if (job.id === 'ftjob-1') outcomes.ok++;
        } catch (error) {
          if (isFineTuningError(error)) {
            outcomes.typed++;
            outcomes.kinds[error.name] = (outcomes.kinds[error.name] ?? 0) + 1;
          } else outcomes.untyped.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: 256 }, worker));
    expect(outcomes.untyped).toEqual([]);
    expect(outcomes.ok + outcomes.typed).toBe(10_000);
    // A fault is retried; a call fails only when its retries meet faults too, which 5% makes rare.
    expect(outcomes.ok, JSON.stringify(outcomes.kinds)).toBeGreaterThan(9_800);
    expect(fault.server.requests.length).toBeGreaterThan(10_400);
  }, 120_000);

  it('a process that made 10,000 calls exits promptly when done', async () => {
    fault.server.handle = (_req, res, n) =>
      n % 50 === 0 ? json(res, 503, {}) : json(res, 200, jobBody('ftjob-1'));
    const script = fileURLToPath(new URL('../fixtures/calls-then-exit.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, fault.server.baseUrl, '10000'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    let doneAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!doneAt && output.includes('done')) doneAt = performance.now();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lingered = performance.now() - doneAt;
    expect(code).toBe(0);
    expect(output).toMatch(/done ok=10000 failed=0/);
    expect(lingered).toBeLessThan(2000);
  }, 120_000);

  it('no stray error class: a truncated 200 is an InvalidResponseError, not retried', async () => {
    fault.server.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5' });
      res.end('{"id"');
    };
    fault.server.requests.length = 0;
    const error = await new FineTuning({
      apiKey: 'k',
      baseUrl: fault.server.baseUrl,
      logLevel: 'off',
    }).jobs
      .retrieve('x')
      .catch((e: unknown) => e);
    expect(isInvalidResponseError(error)).toBe(true);
    expect(fault.server.requests).toHaveLength(1);
  });
});
