// The real `openai-ft` binary: `models list|delete` and `jobs watch`, against the local server.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { cli } from './helpers/run-cli.ts';

const TRAIN = fileURLToPath(new URL('../../examples/train.jsonl', import.meta.url));
let server: LocalServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    timing: { validatingMs: 100, queuedMs: 100, stepMs: 20 },
  });
  env = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: server.apiKey };
});

afterAll(() => server.close());

describe('openai-ft jobs watch and models', () => {
  it('watches a sweep to its end in a pipe, then lists the fine-tuned models and deletes one only with --yes', async () => {
    const fileId = (await cli(['files', 'upload', TRAIN, '-q'], env)).stdout.trim();
    const ids: string[] = [];
    for (const epochs of [1, 2]) {
      const created = await cli(
        [
          'jobs',
          'create',
          '--model',
          'gpt-4o-mini',
          '--training-file',
          fileId,
          '--hyperparameter',
          `n_epochs=${epochs}`,
          '--metadata',
          'sweep=cli',
          '-q',
        ],
        env,
      );
      expect(created.code, created.stderr).toBe(0);
      ids.push(created.stdout.trim());
    }

    // Named, so a job that ended before the watch (a new process) started still reports its end.
    const watched = await cli(['jobs', 'watch', ...ids, '--history', '--interval', '0.05'], env);
    expect(watched.code, watched.stderr).toBe(0);
    for (const id of ids) {
      expect(watched.stdout).toMatch(new RegExp(`^${id} status succeeded ft:\\S+$`, 'm'));
      expect(watched.stdout).toMatch(
        new RegExp(`^${id} event Step \\d+/\\d+: training loss=`, 'm'),
      );
    }
    expect(watched.stderr).toContain('All 2 job(s) ended.');

    const models = (await cli(['models', 'list', '--fine-tuned', '-q'], env)).stdout
      .trim()
      .split('\n');
    const finals = ids.map(
      (id) => watched.stdout.match(new RegExp(`^${id} status succeeded (\\S+)$`, 'm'))![1]!,
    );
    for (const model of finals) expect(models).toContain(model);

    const refused = await cli(['models', 'delete', finals[0]!], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    const deleted = await cli(['models', 'delete', finals[0]!, '--yes'], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`Deleted ${finals[0]}.\n`);
    const after = await cli(['models', 'list'], env);
    expect(after.stdout).toMatch(/^gpt-4o-mini +system +/m);
    expect(after.stdout).not.toContain(`${finals[0]} `);
    expect(after.stdout).toContain(`${finals[1]} `);

    const base = await cli(['models', 'delete', 'gpt-4o-mini', '--yes'], env);
    expect(base.code).toBe(1);
    expect(base.stderr).toMatch(/403/);
    expect(base.stderr).not.toContain(server.apiKey);
  });

  it('with nothing active, says so and ends', async () => {
    const watched = await cli(
      ['jobs', 'watch', '--metadata', 'sweep=none', '--interval', '0.05'],
      env,
    );
    expect(watched.stdout).toBe('');
    expect(watched.code).toBe(0);
    expect(watched.stderr).toContain('No active jobs.');
  });
});
