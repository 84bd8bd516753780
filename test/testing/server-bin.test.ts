// The command-line server: it starts through the package's built bin, prints where it listens and which
// keys it accepts, serves requests, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { spawnServerBin } from '../helpers/local-server.ts';

// The built executable (test/cli/helpers/build-cli.ts builds it as package.json's bin ships it).
const BIN = inject('serverBin');

describe('openai-fine-tuning-server', () => {
  it('serves the API on the printed base URL until stopped', async () => {
    const { child, baseUrl } = await spawnServerBin(BIN, [
      '--port',
      '0',
      '--api-key',
      'sk-cli-test',
    ]);
    try {
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const res = await fetch(`${baseUrl}/fine_tuning/jobs`, {
        headers: { authorization: 'Bearer sk-cli-test' },
      });
      expect(await res.json()).toEqual({ object: 'list', data: [], has_more: false });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('--tracing exports a SERVER span per request over OTLP/HTTP, in the trace of the request', async () => {
    // A receiver on 127.0.0.1 stands for the collector; the exporter posts OTLP JSON to it.
    const posts: Array<{ path: string; body: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posts.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const { child, baseUrl } = await spawnServerBin(
      BIN,
      ['--port', '0', '--api-key', 'sk-cli-test', '--tracing'],
      { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    );
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    try {
      const res = await fetch(`${baseUrl}/fine_tuning/jobs`, {
        headers: {
          authorization: 'Bearer sk-cli-test',
          traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        },
      });
      expect(res.status).toBe(200);
    } finally {
      // Stopping flushes what is still batched.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await new Promise((resolve) => receiver.close(resolve));
    }
    expect(posts.map((p) => p.path)).toEqual(['/v1/traces']);
    const spans = (
      JSON.parse(posts[0]!.body) as {
        resourceSpans: Array<{
          scopeSpans: Array<{
            scope: { name: string };
            spans: Array<{ name: string; traceId: string; kind: number }>;
          }>;
        }>;
      }
    ).resourceSpans.flatMap((r) => r.scopeSpans);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.scope.name).toBe('openai-fine-tuning/testing');
    expect(spans[0]!.spans).toMatchObject([
      // kind 2: SERVER
      { name: 'GET /v1/fine_tuning/jobs', traceId, kind: 2 },
    ]);
    // No key in what left the process.
    expect(posts[0]!.body).not.toContain('sk-cli-test');
  });

  it('explains a bad flag', async () => {
    const child = spawn(process.execPath, [BIN, '--port', 'abc'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain("--port must be a number >= 0, got 'abc'");
  });
});
