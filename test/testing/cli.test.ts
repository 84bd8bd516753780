// The command-line server: it starts through the package's built bin, prints where it listens and which
// keys it accepts, serves requests, and stops on SIGTERM.
import { spawn } from 'node:child_process';
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
