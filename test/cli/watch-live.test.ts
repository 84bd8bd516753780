// `openai-ft jobs watch` stays live (issue #30, item 1): the real executable against the local
// server on its real clock, in a pipe and on a pseudo-terminal (util-linux `script`), with the time
// each chunk of output arrived. Before the fix, a running job's events were read only when the job
// object changed, which the API (and the local server) never does between steps: the steps came
// all at once at the end, and the table stood still.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';

/**
 * 10 examples, 2 epochs: 20 steps of 300 ms, 6 s of training, after 2 s of validating and queueing
 * so that the CLI (a new process, slow on a busy machine) is watching before training starts.
 */
const TIMING = { validatingMs: 1_000, queuedMs: 1_000, stepMs: 300 };
let server: LocalServer;
let ft: FineTuning;
let fileId: string;

beforeAll(async () => {
  server = await startLocalServer({ port: 0, timing: TIMING });
  ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey, maxRetries: 0 });
  fileId = (
    await ft.files.create({ file: TRAINING_JSONL, filename: 't.jsonl', purpose: 'fine-tune' })
  ).id;
});
afterAll(() => server.close());

interface Chunk {
  at: number;
  text: string;
}

/** Runs a command, keeping each stdout chunk with the time it arrived; bounded to 20 s. */
function timed(file: string, args: string[]): Promise<{ code: number | null; chunks: Chunk[] }> {
  const child = spawn(file, args, {
    env: {
      PATH: process.env.PATH,
      COLUMNS: '100',
      LINES: '24',
      TERM: 'xterm',
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: server.apiKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Chunk[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => chunks.push({ at: Date.now(), text: d.toString('utf8') }));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not exit within 20 s; stderr: ${stderr}`));
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, chunks });
    });
  });
}

/** Creates a job and records, by polling every 50 ms, when it succeeded. */
async function jobAndItsEnd(): Promise<{ id: string; ended: Promise<number> }> {
  const job = await ft.jobs.create({
    model: 'gpt-4o-mini',
    training_file: fileId,
    hyperparameters: { n_epochs: 2 },
  });
  const ended = (async () => {
    for (let i = 0; i < 400; i++) {
      if ((await ft.jobs.retrieve(job.id)).status === 'succeeded') return Date.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the job did not succeed within 20 s');
  })();
  return { id: job.id, ended };
}

describe('openai-ft jobs watch stays live', () => {
  it('in a pipe, step lines arrive as the job trains and the end arrives with it', async () => {
    const { id, ended } = await jobAndItsEnd();
    const run = timed(process.execPath, [
      inject('cliBin'),
      'jobs',
      'watch',
      id,
      '--history',
      '--interval',
      '0.2',
    ]);
    const [{ code, chunks }, end] = await Promise.all([run, ended]);
    expect(code).toBe(0);
    const lines: Chunk[] = chunks.flatMap((c) =>
      c.text
        .split('\n')
        .filter(Boolean)
        .map((text) => ({ at: c.at, text })),
    );
    const steps = lines.filter((l) => l.text.startsWith(`${id} event Step `));
    expect(steps.map((l) => Number(/Step (\d+)\//.exec(l.text)![1]))).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    // 20 steps over 6 s, read every 0.2 s: they come in many batches, spread over the run.
    expect(new Set(steps.map((l) => l.at)).size).toBeGreaterThanOrEqual(5);
    expect(steps.at(-1)!.at - steps[0]!.at).toBeGreaterThan(3_000);
    const succeeded = lines.find((l) => l.text.startsWith(`${id} status succeeded`));
    expect(succeeded).toBeDefined();
    // The end is printed within a round (0.2 s) and a request of the job ending (slack for a busy
    // machine), not 20 s later.
    expect(succeeded!.at - end).toBeLessThan(3_000);
  });

  it('on a pseudo-terminal, the table moves while the job trains', async () => {
    const { id, ended } = await jobAndItsEnd();
    const command = `'${process.execPath}' '${inject('cliBin')}' jobs watch ${id} --interval 0.2`;
    const [{ code, chunks }, end] = await Promise.all([
      timed('script', ['-qefc', command, '/dev/null']),
      ended,
    ]);
    expect(code).toBe(0);
    const all = chunks.map((c) => c.text).join('');
    expect(all).toContain('\x1b[?25l');
    // Each redraw of the table, with the time it arrived and the progress it showed.
    const frames = chunks.flatMap((c) =>
      [...c.text.matchAll(new RegExp(`${id} +(\\w+) +(\\d+)%`, 'g'))].map((m) => ({
        at: c.at,
        status: m[1]!,
        percent: Number(m[2]),
      })),
    );
    const running = frames.filter(
      (f) => f.status === 'running' && f.percent > 0 && f.percent < 100,
    );
    // Progress shown at several distinct values, over more than a second of the run.
    expect(new Set(running.map((f) => f.percent)).size).toBeGreaterThanOrEqual(4);
    expect(running.at(-1)!.at - running[0]!.at).toBeGreaterThan(2_000);
    const last = frames.find((f) => f.status === 'succeeded');
    expect(last?.percent).toBe(100);
    expect(last!.at - end).toBeLessThan(3_000);
  });
});
