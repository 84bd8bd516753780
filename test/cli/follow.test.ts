// `openai-ft jobs follow` as a child process: the live view with a forced terminal, plain lines
// through a pipe, the exit code of each ending, and Ctrl-C leaving the job alone.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_KEY, API_KEY, startFakeApi, type FakeApi } from './helpers/fake-api.ts';
import { cli, startCli } from './helpers/run-cli.ts';

let api: FakeApi;
let slow: FakeApi;
let dir: string;
const envFor = (server: FakeApi) => ({
  OPENAI_BASE_URL: server.baseUrl,
  OPENAI_API_KEY: API_KEY,
  OPENAI_ADMIN_KEY: ADMIN_KEY,
});
const ESC = '\x1b[';

async function newJob(server: FakeApi, suffix?: string): Promise<string> {
  const env = envFor(server);
  const file = (await cli(['files', 'upload', join(dir, 'train.jsonl'), '-q'], env)).stdout.trim();
  const r = await cli(
    [
      'jobs',
      'create',
      '--model',
      'gpt-4o-mini',
      '--training-file',
      file,
      '-q',
      ...(suffix ? ['--suffix', suffix] : []),
    ],
    env,
  );
  return r.stdout.trim();
}

beforeAll(async () => {
  // A job's run starts when it is first retrieved, so the follower sees all of it however slowly
  // the process starts.
  api = await startFakeApi({ steps: 8, stepMs: 100, startMs: 200, startOnFirstGet: true });
  slow = await startFakeApi({ steps: 1000, stepMs: 150, startMs: 0 });
  dir = await mkdtemp(join(tmpdir(), 'openai-ft-follow-'));
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `q${i}` },
        { role: 'assistant', content: `a${i}` },
      ],
    });
  await writeFile(
    join(dir, 'train.jsonl'),
    `${Array.from({ length: 10 }, (_, i) => line(i)).join('\n')}\n`,
  );
});

afterAll(async () => {
  await Promise.all([api.close(), slow.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('jobs follow', () => {
  it('through a pipe prints one plain line per status change and step, then exits 0', async () => {
    const id = await newJob(api);
    const r = await cli(['jobs', 'follow', id, '--interval', '0.03'], envFor(api));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    const lines = r.stdout.trim().split('\n');
    expect(lines.every((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}\S/.test(l))).toBe(true);
    const steps = lines
      .filter((l) => / {2}step {4}\d+\/8 train_loss=/.test(l))
      .map((l) => Number(/step {4}(\d+)/.exec(l)![1]));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(lines.at(-1)).toMatch(/status {2}running -> succeeded$/);
    expect(r.stderr).toMatch(new RegExp(`${id} succeeded: fine-tuned model ft:gpt-4o-mini`));
  });

  it('with --tty redraws a frame in place: status, progress bar, losses and the chart', async () => {
    const id = await newJob(api);
    const r = await cli(['jobs', 'follow', id, '--interval', '0.03', '--tty'], envFor(api));
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`${ESC}?25l`)).toBe(true);
    expect(r.stdout.endsWith(`${ESC}?25h`)).toBe(true);
    const frames = r.stdout.split(/\x1b\[\d+F\x1b\[J/);
    expect(frames.length).toBeGreaterThan(3);
    const last = frames.at(-1)!;
    expect(last).toContain(`${id}  succeeded  gpt-4o-mini`);
    expect(last).toMatch(/\[█+\] 8\/8 {2}100%/);
    expect(last).toMatch(/train loss \d\.\d{4} {3}valid loss \d\.\d{4}/);
    expect(last).toContain('└');
    expect(last).toContain('* train loss   o valid loss');
    expect(last).toMatch(/step 1 +step 8/);
    // A frame in the middle of the run shows the bar part-filled with an estimate.
    expect(frames.some((f) => /\[█+░+\] \d\/8 {2}\d+% {2}ETA (\d+s|unknown)/.test(f))).toBe(true);
    // Every line fits the terminal (COLUMNS=100, LINES=24), or redrawing in place would drift.
    expect(last.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(last.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
  });

  it('in a pseudo-terminal (util-linux `script`) draws the live view without being told', async () => {
    const id = await newJob(api);
    const command = `'${process.execPath}' '${inject('cliBin')}' jobs follow ${id} --interval 0.03`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      env: { PATH: process.env.PATH, COLUMNS: '100', TERM: 'xterm', ...envFor(api) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toContain(`${ESC}?25l`);
    expect(out).toMatch(/\[█+\] 8\/8 {2}100%/);
    expect(out).toContain('* train loss');
  });

  it('OPENAI_FT_TTY=1 forces the live view as --tty does', async () => {
    const id = await newJob(api);
    const r = await cli(['jobs', 'follow', id, '--interval', '0.03'], {
      ...envFor(api),
      OPENAI_FT_TTY: '1',
    });
    expect(r.stdout).toContain(`${ESC}?25l`);
  });

  it('--json prints one JSON object per update', async () => {
    const id = await newJob(api);
    const r = await cli(['jobs', 'follow', id, '--interval', '0.03', '--json'], envFor(api));
    const updates = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(updates.at(-1)).toEqual({ type: 'status', status: 'succeeded', previous: 'running' });
    expect(updates.filter((u) => u.type === 'event' && u.event.type === 'metrics')).toHaveLength(8);
  });

  it('a failed job exits 1 with the reason', async () => {
    const id = await newJob(api, 'fail');
    const r = await cli(['jobs', 'follow', id, '--interval', '0.03'], envFor(api));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`openai-ft: ${id} failed: The training data is too short.`);
  });

  it('Ctrl-C stops following, says the job was not cancelled, and exits 130', async () => {
    const id = await newJob(slow);
    const run = startCli(['jobs', 'follow', id, '--interval', '0.05'], envFor(slow));
    await run.waitFor(/step {4}1\/1000/);
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(
      `Stopped following ${id}; the job was not cancelled and is running.`,
    );
    expect(r.stderr).toContain(`openai-ft jobs cancel ${id}`);
    expect(slow.requests.some((q) => q.method === 'POST' && q.path.endsWith('/cancel'))).toBe(
      false,
    );
    expect((await cli(['jobs', 'get', id, '--json'], envFor(slow))).stdout).toContain(
      '"status": "running"',
    );
  });

  it('Ctrl-C reports the status the job has now, on a line of its own', async () => {
    const id = await newJob(slow);
    // A long interval: the follower last saw the job running, then it is cancelled elsewhere.
    const run = startCli(['jobs', 'follow', id, '--interval', '60'], {
      ...envFor(slow),
      OPENAI_FT_TTY: '1',
    });
    await run.waitFor(/running/);
    expect((await cli(['jobs', 'cancel', id], envFor(slow))).code).toBe(0);
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      new RegExp(`^\\nStopped following ${id}; the job was not cancelled and is cancelled\\.`, 'm'),
    );
  });

  it('jobs create --follow creates the job and follows it to the end', async () => {
    const env = envFor(api);
    const file = (
      await cli(['files', 'upload', join(dir, 'train.jsonl'), '-q'], env)
    ).stdout.trim();
    const r = await cli(
      [
        'jobs',
        'create',
        '--model',
        'gpt-4o-mini',
        '--training-file',
        file,
        '--follow',
        '--interval',
        '0.03',
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created ftjob-\w+\.\n/);
    expect(r.stdout).toMatch(/status {2}running -> succeeded\n$/);
  });

  it('an unknown job is one error line', async () => {
    const r = await cli(['jobs', 'follow', 'ftjob-nope', '--interval', '0.03'], envFor(api));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^openai-ft: jobs follow failed \(GET \/v1\/fine_tuning\/jobs\/ftjob-nope\): HTTP 404/,
    );
  });
});
