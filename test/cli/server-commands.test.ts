// `openai-ft server` and `openai-fine-tuning-server` are one command under two names: the same
// flags (`--port 0` picks a free port in both), the same server, the same output, the same exit.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, inject, it } from 'vitest';

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Starts `argv`, waits for the banner, calls the API once, then stops it with `signal`. */
async function serveOnce(argv: string[], signal: NodeJS.Signals): Promise<Run & { jobs: unknown }> {
  const child = spawn(process.execPath, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${stdout} ${stderr}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m =
          /Ctrl-C stops it\.\n/.test(stdout) &&
          /export (?:OPENAI_BASE_URL|AZURE_OPENAI_ENDPOINT)=(\S+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          // In Azure mode (--azure) the endpoint is printed: its v1 API.
          resolve(stdout.includes('AZURE_OPENAI_ENDPOINT') ? `${m[1]}/openai/v1` : m[1]!);
        }
      });
      void exited.then((code) => reject(new Error(`exited ${code}: ${stdout} ${stderr}`)));
    });
    const res = await fetch(`${baseUrl}/fine_tuning/jobs`, {
      headers: baseUrl.endsWith('/openai/v1')
        ? { 'api-key': 'sk-same-key' }
        : { authorization: 'Bearer sk-same-key' },
    });
    const jobs = await res.json();
    child.kill(signal);
    const code = await exited;
    return { stdout, stderr, code, jobs };
  } finally {
    child.kill('SIGKILL');
  }
}

const port = (text: string) => /127\.0\.0\.1:(\d+)/.exec(text)?.[1];

describe('the two server commands', () => {
  const flags = [
    '--port',
    '0',
    '--api-key',
    'sk-same-key',
    '--admin-key',
    'sk-admin-same',
    '--step-ms',
    '5',
  ];

  // (SIGTERM is covered by test/testing/server-bin.test.ts.)
  it('take the same flags, print the same lines and stop cleanly on Ctrl-C', async () => {
    const signal = 'SIGINT';
    const [a, b] = await Promise.all([
      serveOnce([inject('cliBin'), 'server', ...flags], signal),
      serveOnce([inject('serverBin'), ...flags], signal),
    ]);
    for (const r of [a, b]) {
      expect(r.jobs).toEqual({ object: 'list', data: [], has_more: false });
      expect(Number(port(r.stdout))).toBeGreaterThan(0);
      expect(r.stdout).toContain('OPENAI_API_KEY=sk-same-key OPENAI_ADMIN_KEY=sk-admin-same');
      expect(r.stderr).toBe('Local server stopped.\n');
      expect(r.code).toBe(0);
    }
    // Apart from the free port each picked, the output is the same, line for line.
    expect(a.stdout.replaceAll(port(a.stdout)!, 'PORT')).toBe(
      b.stdout.replaceAll(port(b.stdout)!, 'PORT'),
    );
  });

  it('take --azure alike: the Azure banner, /openai/ with api-key', async () => {
    const [a, b] = await Promise.all([
      serveOnce([inject('cliBin'), '--azure', 'server', ...flags], 'SIGINT'),
      serveOnce([inject('serverBin'), '--azure', ...flags], 'SIGINT'),
    ]);
    for (const r of [a, b]) {
      expect(r.jobs).toEqual({ object: 'list', data: [], has_more: false });
      expect(r.stdout).toMatch(/AZURE_OPENAI_API_KEY=sk-same-key OPENAI_API_VERSION=\S+/);
      expect(r.code).toBe(0);
    }
    expect(a.stdout.replaceAll(port(a.stdout)!, 'PORT')).toBe(
      b.stdout.replaceAll(port(b.stdout)!, 'PORT'),
    );
  });

  it.each([
    ['openai-ft server', () => [inject('cliBin'), 'server']],
    ['openai-fine-tuning-server', () => [inject('serverBin')]],
  ])('%s refuses a bad value with exit 2, naming the flag', async (_name, argv) => {
    const child = spawn(process.execPath, [...argv(), '--port', 'abc'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain("--port must be a number >= 0, got 'abc'");
  });
});

describe('a busy port', () => {
  it.each([
    ['openai-ft server', () => [inject('cliBin'), 'server']],
    ['openai-fine-tuning-server', () => [inject('serverBin')]],
  ])('%s says EADDRINUSE and suggests --port, at once', async (_name, argv) => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const taken = (busy.address() as AddressInfo).port;
    try {
      const started = performance.now();
      const child = spawn(process.execPath, [...argv(), '--port', String(taken)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise((resolve) => child.once('close', resolve));
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toContain(`port ${taken} on 127.0.0.1 is already in use (EADDRINUSE)`);
      expect(err).toContain('pass --port with another port (--port 0 picks a free one)');
      expect(err).not.toContain('unexpectedly');
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      busy.close();
    }
  });
});
