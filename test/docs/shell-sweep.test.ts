// The shell sweep of docs/models-and-many-jobs.md, run as written (bash, jq, the built `openai-ft`)
// twice against the local server: the second run's clean-up leaves the first run's best model alone.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const hasJq = spawnSync('jq', ['--version']).status === 0;
let server: LocalServer;
let dir: string;

beforeAll(async () => {
  server = await startLocalServer({ timing: { validatingMs: 0, queuedMs: 0, stepMs: 0 } });
  dir = mkdtempSync(join(tmpdir(), 'shell-sweep-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function sweepBlock(): string {
  const md = readFileSync(join(ROOT, 'docs', 'models-and-many-jobs.md'), 'utf8');
  const m = /The same sweep with the CLI[^\n]*\n\n```sh\n([\s\S]*?)\n```/.exec(md);
  if (!m) throw new Error('docs/models-and-many-jobs.md has no shell sweep block');
  return m[1]!;
}

describe.runIf(hasJq)('the shell sweep in docs/models-and-many-jobs.md', () => {
  it('run twice, the second run deletes none of the first run’s models', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'openai-ft'),
      `#!/bin/sh\nexec "${process.execPath}" "${inject('cliBin')}" "$@"\n`,
    );
    chmodSync(join(bin, 'openai-ft'), 0o755);
    const line = (i: number) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: `q${i}` },
          { role: 'assistant', content: `a${i}` },
        ],
      });
    const data = `${Array.from({ length: 12 }, (_, i) => line(i)).join('\n')}\n`;
    writeFileSync(join(dir, 'train.jsonl'), data);
    writeFileSync(join(dir, 'valid.jsonl'), data);
    writeFileSync(join(dir, 'sweep.sh'), `set -eu\n${sweepBlock()}\n`);
    // Asynchronously: the local server answers from this process.
    const run = () =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('bash', ['sweep.sh'], {
          cwd: dir,
          env: {
            PATH: `${bin}:${process.env.PATH}`,
            HOME: process.env.HOME,
            OPENAI_BASE_URL: server.baseUrl,
            OPENAI_API_KEY: server.apiKey,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.on('close', (status) => {
          clearTimeout(timer);
          resolve({ status, stderr });
        });
      });
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
    const first = await run();
    expect(first.status, first.stderr).toBe(0);
    const afterFirst = (await ft.models.listFineTuned()).map((m) => m.id);
    const second = await run();
    expect(second.status, second.stderr).toBe(0);
    const afterSecond = (await ft.models.listFineTuned()).map((m) => m.id);
    // Each run keeps its best job's models; the first run's survive the second.
    expect(afterFirst.length).toBeGreaterThan(0);
    for (const id of afterFirst) expect(afterSecond).toContain(id);
    expect(afterSecond.length).toBe(2 * afterFirst.length);
    const tags = new Set((await ft.jobs.list({ limit: 100 })).data.map((j) => j.metadata?.sweep));
    expect(tags.size).toBe(2);
  }, 200_000);
});
