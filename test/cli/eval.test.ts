// `openai-ft eval` (the real executable) against the local server: live progress per run on
// stderr, the models × criteria table on stdout, and the --require gate deciding the exit code, so
// a CI step (`openai-ft eval … && deploy`) stops when the fine-tune does not beat its base.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { cli } from './helpers/run-cli.ts';
import { judge, parseGate } from '../../src/cli/commands/eval.ts';

const BASE = 'gpt-4o-mini-2024-07-18';
let server: LocalServer;
let env: Record<string, string>;
let tuned: string;
let jobId: string;
const dir = mkdtempSync(join(tmpdir(), 'openai-ft-eval-'));
const DATA = join(dir, 'heldout.jsonl');

const line = (i: number) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `Capital of country ${i}?` },
      { role: 'assistant', content: `City ${i}` },
    ],
  });

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    timing: { validatingMs: 20, queuedMs: 20, stepMs: 2 },
  });
  env = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: server.apiKey };
  const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  const file = await ft.files.create({
    file: Array.from({ length: 40 }, (_, i) => line(i)).join('\n'),
    filename: 'train.jsonl',
    purpose: 'fine-tune',
  });
  const job = await ft.jobs.create({ model: BASE, training_file: file.id });
  const done = await ft.jobs.wait(job.id, { pollInterval: 50 });
  tuned = done.fine_tuned_model!;
  jobId = done.id;
  writeFileSync(
    DATA,
    Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ item: { question: `Capital of country ${i}?`, answer: `City ${i}` } }),
    ).join('\n'),
  );
}, 30_000);

afterAll(() => server.close());

describe('openai-ft eval', () => {
  it('prints progress per run, the table, and passes a gate the fine-tune meets', async () => {
    const r = await cli(
      [
        'eval',
        DATA,
        '--model',
        `BASE=${BASE}`,
        '--model',
        `FT=${tuned}`,
        '--require',
        'FT>BASE+0.05',
        '--poll-interval',
        '50',
      ],
      env,
    );
    expect(r.stderr).toContain(`${BASE}: completed, 40 graded`);
    expect(r.stderr).toMatch(
      new RegExp(`${tuned.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (queued|in_progress)`),
    );
    expect(r.stdout).toMatch(/MODEL\s+EXACT\s+SCORE\s+TOKENS/);
    expect(r.stdout).toContain(`BASE (${BASE})`);
    expect(r.stdout).toContain('0.0% (0/40, mean 0.000)');
    expect(r.stdout).toContain(`best: FT (${tuned})`);
    expect(r.stdout).toMatch(/PASS FT>BASE\+0\.05: \d+\.\d% vs 0\.0% \+ 5\.0%/);
    expect(r.code).toBe(0);
  });

  it('exits 1 when a gate fails, which stops a pipeline', async () => {
    const cliBin = inject('cliBin');
    const script = `"${process.execPath}" "${cliBin}" eval "${DATA}" --model BASE=${BASE} --model FT=${tuned} --require "BASE>FT" --poll-interval 50 && echo DEPLOY`;
    const run = await promisify(execFile)('sh', ['-c', script], {
      env: { PATH: process.env.PATH, ...env },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect((run as { code?: number }).code).toBe(1);
    expect(run.stdout).toMatch(/FAIL BASE>FT: 0\.0% vs \d+\.\d%/);
    expect(run.stdout).not.toContain('DEPLOY');
    const passing = await promisify(execFile)(
      'sh',
      ['-c', script.replace('"BASE>FT"', '"FT>BASE"')],
      { env: { PATH: process.env.PATH, ...env } },
    );
    expect(passing.stdout).toContain('DEPLOY');
  });

  it('--job compares base, checkpoints and final, with BASE and FINAL set', async () => {
    const r = await cli(
      ['eval', DATA, '--job', jobId, '--require', 'FINAL>BASE', '--poll-interval', '50', '--json'],
      env,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.models[0].model).toBe(BASE);
    expect(out.models.at(-1).model).toBe(tuned);
    expect(out.gates).toEqual([
      { require: 'FINAL>BASE', ok: true, left: expect.any(Number), right: 0 },
    ]);
  });

  it('says what is wrong with bad usage (exit 2)', async () => {
    expect((await cli(['eval', DATA], env)).stderr).toContain('name the models to compare');
    const bad = await cli(['eval', DATA, '--model', BASE, '--require', 'FT beats BASE'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a gate');
    const missing = await cli(['eval', join(dir, 'none.jsonl'), '--model', BASE], env);
    expect(missing.stderr).toContain('cannot read');
  });
});

describe('the gate', () => {
  const result = {
    evalId: 'eval_1',
    models: [
      {
        model: 'b',
        runId: 'r1',
        status: 'completed',
        criteria: [
          { name: 'exact', passed: 1, failed: 9, errored: 0, passRate: 0.1, meanScore: 0.1 },
        ],
        score: 0.1,
      },
      {
        model: 'f',
        runId: 'r2',
        status: 'completed',
        criteria: [
          { name: 'exact', passed: 2, failed: 8, errored: 0, passRate: 0.2, meanScore: 0.2 },
        ],
        score: 0.2,
      },
    ],
    items: [],
  };
  const aliases = new Map([
    ['BASE', 'b'],
    ['FT', 'f'],
  ]);
  it('reads LEFT>RIGHT with an optional signed margin', () => {
    expect(parseGate('FT>BASE+0.05', undefined, 'eval')).toMatchObject({
      left: 'FT',
      right: 'BASE',
      margin: 0.05,
    });
    expect(parseGate(' FT > BASE - 0.02 ', undefined, 'eval').margin).toBe(-0.02);
    expect(parseGate('FT>BASE', undefined, 'eval').margin).toBe(0);
  });
  it('holds only when LEFT is above RIGHT plus the margin', () => {
    expect(judge(parseGate('FT>BASE+0.05', undefined, 'eval'), result, aliases, 'eval').ok).toBe(
      true,
    );
    expect(judge(parseGate('FT>BASE+0.1', undefined, 'eval'), result, aliases, 'eval').ok).toBe(
      false,
    );
    expect(judge(parseGate('f>b', 'exact', 'eval'), result, aliases, 'eval').ok).toBe(true);
    expect(() => judge(parseGate('X>BASE', undefined, 'eval'), result, aliases, 'eval')).toThrow(
      /not one of the models/,
    );
  });
});
