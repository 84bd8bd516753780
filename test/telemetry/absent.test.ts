// Without any OpenTelemetry package the SDK behaves exactly as before: the same flow, run in a child
// process where every `@opentelemetry/*` import fails (and a provider is even claimed on the API's
// global, so the SDK tries to load it), gives the same answers, requests and log lines as a plain run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const flow = fileURLToPath(new URL('../fixtures/telemetry-flow.ts', import.meta.url));
const loader = fileURLToPath(new URL('../fixtures/no-otel-loader.mjs', import.meta.url));

async function run(mode: 'absent' | 'plain'): Promise<Record<string, unknown>> {
  const args = mode === 'absent' ? ['--import', loader] : [];
  const child = spawn(process.execPath, [...args, '--import', 'tsx', flow, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('no OpenTelemetry package installed', () => {
  it('the same flow gives the same answers, requests and log lines as a plain run', async () => {
    const [absent, plain] = await Promise.all([run('absent'), run('plain')]);
    expect(absent.resolvable).toBe(false);
    const { mode: _a, resolvable: _r, ...withoutOtel } = absent;
    const { mode: _p, ...before } = plain;
    expect(withoutOtel).toEqual(before);
    expect(before.job).toMatchObject({ status: 'succeeded' });
    expect(before.error).toMatch(/^NotFoundError/);
    expect((before.requests as string[]).length).toBeGreaterThan(5);
  }, 60_000);
});
