// The README's first example (create a job, wait for it) against the local server with its default
// timing, as `openai-ft server` runs it: the wait ends soon after the job does, not a 5 s poll later.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer } from '../../src/testing/index.ts';
import { allBlocks } from '../helpers/doc-blocks.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, '.tmp', 'docs-tour');
const env = { ...process.env };
afterAll(() => {
  process.env = env;
  rmSync(OUT, { recursive: true, force: true });
});

describe("the README's tour", () => {
  it('waits about as long as the job takes on the local server', async () => {
    const block = allBlocks(ROOT).find(
      (b) => b.file === 'README.md' && b.code.includes('ft.jobs.wait(job.id'),
    );
    expect(block, 'the README has a block that waits for a job').toBeDefined();
    mkdirSync(OUT, { recursive: true });
    const path = join(OUT, 'tour.ts');
    writeFileSync(path, `${block!.code}export {};\n`);
    const server = await startLocalServer();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      process.env = { ...env, OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: server.apiKey };
      // When the block asks for the job: the gaps between polls are its poll interval.
      const polls: number[] = [];
      const realFetch = globalThis.fetch;
      const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (/\/fine_tuning\/jobs\/ftjob-[^/]+$/.test(new URL(url).pathname)) polls.push(Date.now());
        return realFetch(input, init);
      });
      try {
        await import(pathToFileURL(path).href);
      } finally {
        spy.mockRestore();
      }
      const ended = Date.now();
      const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
      const [job] = (await ft.jobs.list()).data;
      expect(job?.status).toBe('succeeded');
      expect(log).toHaveBeenCalledWith('succeeded', job!.fine_tuned_model);
      // A poll interval that fits a job of seconds: no gap near the default 5 s, and the wait
      // ends within moments of the job (finished_at is in whole seconds).
      expect(polls.length).toBeGreaterThan(5);
      const gaps = polls.slice(1).map((t, i) => t - polls[i]!);
      expect(Math.max(...gaps)).toBeLessThan(1_000);
      expect(ended - job!.finished_at! * 1000).toBeLessThan(2_000);
    } finally {
      log.mockRestore();
      process.env = { ...env };
      await server.close();
    }
  });
});
