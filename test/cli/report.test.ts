// `openai-ft report` (the built executable) against the local server: the page written for a
// sweep, `--json` with the same data, and the errors a user can cause.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineSweep } from '../../scripts/lib/offline-sweep.ts';
import { FineTuning } from '../../src/index.ts';
import type { ReportData } from '../../src/report/index.ts';
import { type LocalServer, startLocalServer } from '../../src/testing/index.ts';
import { cli } from './helpers/run-cli.ts';

let server: LocalServer;
let env: Record<string, string>;
let work: string;
let ids: string[];

beforeAll(async () => {
  server = await startLocalServer({ clock: 'manual' });
  env = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: server.apiKey };
  work = await mkdtemp(join(tmpdir(), 'oft-report-cli-'));
  ids = await offlineSweep(
    server,
    new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey }),
    'cli',
  );
});

afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

describe('openai-ft report', () => {
  it('writes one page for a sweep tagged with metadata and says which job is best', async () => {
    const out = join(work, 'sweep.html');
    const r = await cli(['report', '--metadata', 'sweep=cli', '--out', out], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Wrote .*sweep\.html: 3 jobs; best by final full_valid_loss: ftjob-\S+\. Open it in a browser\.\n$/,
    );
    const html = await readFile(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Sweep: 3 jobs');
    for (const id of ids) expect(html).toContain(`id="job-${id}"`);
  });

  it('--json prints the data the page draws, and writes no page unless --out is given', async () => {
    const r = await cli(['report', ids[0]!, ids[2]!, '--json', '--sort', 'train_loss'], env);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as ReportData;
    expect(data.jobs.map((j) => j.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect(data.sortBy.metric).toBe('train_loss');
    expect(data.jobs[0]!.curves.step.length).toBeGreaterThan(10);
  });

  it('renders an eval comparison from --evals, and names what is wrong in a bad one', async () => {
    const good = join(work, 'evals.json');
    await writeFile(
      good,
      JSON.stringify({
        evalId: 'eval_cli',
        models: [{ model: 'm1', runId: 'r1', status: 'completed', criteria: [] }],
        items: [],
      }),
    );
    const out = join(work, 'evals.html');
    const ok = await cli(['report', ids[0]!, '--evals', good, '--out', out, '-q'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(out);
    expect(await readFile(out, 'utf8')).toContain('Eval eval_cli: 1 models');

    const bad = join(work, 'bad.json');
    await writeFile(bad, JSON.stringify({ evalId: 'e', models: 'x', items: [] }));
    const r = await cli(['report', ids[0]!, '--evals', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--evals .*bad\.json: the eval comparison's models must be an array, got "x"/,
    );
    const notJson = join(work, 'not.json');
    await writeFile(notJson, '{');
    expect((await cli(['report', ids[0]!, '--evals', notJson], env)).stderr).toMatch(/is not JSON/);
  });

  it('exits 2 with a hint when no job is named or a tag matches none', async () => {
    const none = await cli(['report'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/name the jobs: `openai-ft report ftjob-/);
    const nothing = await cli(['report', '--metadata', 'sweep=none'], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/no job has the metadata sweep=none/);
    const sort = await cli(['report', ids[0]!, '--sort', 'loss'], env);
    expect(sort.code).toBe(2);
    expect(sort.stderr).toMatch(/sortBy must be 'auto' or one of train_loss, /);
    const out = await cli(
      ['report', ids[0]!, '--out', join(work, 'no', 'such', 'dir', 'r.html')],
      env,
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--out .*r\.html: cannot write it \(ENOENT\)/);
    const smoothing = await cli(['report', ids[0]!, '--smoothing', '1'], env);
    expect(smoothing.code).toBe(2);
    expect(smoothing.stderr).toMatch(/--smoothing must be a number from 0/);
  });
});
