// Without a dataDir the local server keeps small uploaded contents in memory and spills large ones
// to a temporary directory, removed when it closes: its memory (RSS, measured in a server process
// of its own) stays bounded across a few large uploads. Bounded: 3 uploads of 40 MB.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer } from '../../src/testing/index.ts';
import { spawnServerBin } from '../helpers/local-server.ts';

const MB = 2 ** 20;

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

/** A JSONL body of about `size` bytes, different for each `seed`. */
function body(size: number, seed: number): Blob {
  const line = `${JSON.stringify({
    messages: [
      { role: 'user', content: `q${seed} ${'x'.repeat(900)}` },
      { role: 'assistant', content: 'a' },
    ],
  })}\n`;
  return new Blob([line.repeat(Math.ceil(size / line.length))]);
}

describe.runIf(existsSync('/proc/self/status'))('large uploads without a dataDir', () => {
  it('keep the server RSS bounded: 3 × 40 MB uploaded, well under half of it more resident', async () => {
    const { child, baseUrl } = await spawnServerBin(inject('serverBin'), [
      '--port',
      '0',
      '--api-key',
      'sk-spill',
    ]);
    try {
      const ft = new FineTuning({ baseUrl, apiKey: 'sk-spill', maxRetries: 0 });
      // One small upload first, so the server's code paths are warm before the baseline.
      await ft.files.create({ file: body(MB, 0), filename: 'warm.jsonl', purpose: 'fine-tune' });
      const before = rssOf(child.pid!);
      const ids: string[] = [];
      const hashes: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const data = body(40 * MB, i);
        hashes.push(
          createHash('md5')
            .update(new Uint8Array(await data.arrayBuffer()))
            .digest('hex'),
        );
        ids.push(
          (await ft.files.create({ file: data, filename: `big-${i}.jsonl`, purpose: 'fine-tune' }))
            .id,
        );
      }
      const after = rssOf(child.pid!);
      // In memory the three would add 120 MB; spilled, the growth is buffers and allocator slack.
      expect(after - before).toBeLessThan(60 * MB);
      // And the content is still there, byte for byte.
      const back = new Uint8Array(await (await ft.files.content(ids[2]!)).arrayBuffer());
      expect(createHash('md5').update(back).digest('hex')).toBe(hashes[2]);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 120_000);

  it('small contents stay in memory; large ones go to a temporary directory that close() removes', async () => {
    const server = await startLocalServer();
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
    const before = new Set(readdirSync(tmpdir()));
    const small = await ft.files.create({
      file: body(MB, 1),
      filename: 's.jsonl',
      purpose: 'fine-tune',
    });
    const made = () =>
      readdirSync(tmpdir()).filter((n) => n.startsWith('openai-ft-server-') && !before.has(n));
    const mine = () => made().filter((n) => existsSync(join(tmpdir(), n, 'files', big?.id ?? '-')));
    let big: { id: string } | undefined;
    expect(made().filter((n) => existsSync(join(tmpdir(), n, 'files', small.id)))).toEqual([]);
    big = await ft.files.create({
      file: body(9 * MB, 2),
      filename: 'b.jsonl',
      purpose: 'fine-tune',
    });
    const dirs = mine();
    expect(dirs).toHaveLength(1);
    expect((await (await ft.files.content(big.id)).arrayBuffer()).byteLength).toBeGreaterThan(
      9 * MB - 1,
    );
    await ft.files.delete(small.id);
    await server.close();
    expect(existsSync(join(tmpdir(), dirs[0]!))).toBe(false);
  });
});
