// The real `openai-ft` binary against the package's local API server (openai-fine-tuning/testing):
// a whole session, and `openai-ft server` itself.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { cli, startCli } from './helpers/run-cli.ts';

const TRAIN = fileURLToPath(new URL('../../examples/train.jsonl', import.meta.url));
let server: LocalServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    timing: { validatingMs: 100, queuedMs: 100, stepMs: 30 },
  });
  env = {
    OPENAI_BASE_URL: server.baseUrl,
    OPENAI_API_KEY: server.apiKey,
    OPENAI_ADMIN_KEY: server.adminApiKey,
  };
});

afterAll(() => server.close());

describe('a session against the local server', () => {
  it('validate, upload, create, follow, inspect, share a checkpoint, clean up', async () => {
    expect((await cli(['validate', TRAIN])).code).toBe(0);

    const fileId = (await cli(['files', 'upload', TRAIN, '-q'], env)).stdout.trim();
    expect(fileId).toMatch(/^file-/);
    expect((await cli(['files', 'list'], env)).stdout).toContain(fileId);

    const created = await cli(
      [
        'jobs',
        'create',
        '--model',
        'gpt-4o-mini-2024-07-18',
        '--training-file',
        fileId,
        '--hyperparameter',
        'n_epochs=2',
        '--metadata',
        'run=cli-test',
        '-q',
      ],
      env,
    );
    expect(created.code).toBe(0);
    const jobId = created.stdout.trim();

    const follow = await cli(['jobs', 'follow', jobId, '--interval', '0.05'], env);
    expect(follow.code).toBe(0);
    expect(follow.stdout).toMatch(/ {2}step {4}\d+\/\d+ train_loss=\d/);
    // However late the first poll, the stream ends on the final status.
    expect(follow.stdout).toMatch(/status {2}(\S+ -> )?succeeded\n$/);
    expect(follow.stderr).toMatch(new RegExp(`${jobId} succeeded: fine-tuned model ft:`));

    const listed = await cli(
      ['jobs', 'list', '--metadata', 'run=cli-test', '--status', 'succeeded', '-q'],
      env,
    );
    expect(listed.stdout).toBe(`${jobId}\n`);

    const get = await cli(['jobs', 'get', jobId, '--json'], env);
    const job = JSON.parse(get.stdout);
    expect(job.status).toBe('succeeded');
    expect(job.method.supervised.hyperparameters.n_epochs).toBe(2);

    const events = await cli(['jobs', 'events', jobId, '--limit', '100'], env);
    expect(events.stdout).toContain(`Created fine-tuning job: ${jobId}`);

    const checkpoints = await cli(['jobs', 'checkpoints', jobId, '-q'], env);
    const checkpoint = checkpoints.stdout.trim().split('\n')[0]!;
    expect(checkpoint).toMatch(/^ft:gpt-4o-mini-2024-07-18:/);

    const grant = await cli(['permissions', 'grant', checkpoint, 'proj_cli', '-q'], env);
    expect(grant.code).toBe(0);
    const permissionId = grant.stdout.trim();
    expect((await cli(['permissions', 'list', checkpoint], env)).stdout).toMatch(
      new RegExp(`^${permissionId}\\s+proj_cli\\s`, 'm'),
    );
    expect((await cli(['permissions', 'revoke', checkpoint, permissionId], env)).stdout).toBe(
      `Revoked ${permissionId}.\n`,
    );

    // The ftckpt_ id (the last column of `jobs checkpoints`) works as well as the model name.
    const [first] = JSON.parse((await cli(['jobs', 'checkpoints', jobId, '--json'], env)).stdout);
    expect(first.id).toMatch(/^ftckpt_/);
    const byId = await cli(['permissions', 'grant', first.id, 'proj_by_id', '-q'], env);
    expect(byId.code, byId.stderr).toBe(0);
    expect(
      (await cli(['permissions', 'list', first.fine_tuned_model_checkpoint], env)).stdout,
    ).toContain('proj_by_id');
    expect(
      (await cli(['permissions', 'list', first.id, '--job', jobId, '-q'], env)).stdout.trim(),
    ).toBe(byId.stdout.trim());
    const unknown = await cli(['permissions', 'grant', 'ftckpt_unknown', 'proj_x'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no checkpoint ftckpt_unknown among the checkpoints');
    const missing = await cli(['permissions', 'list', 'ft:gpt-4o-mini:none:ckpt-step-1'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('`openai-ft jobs checkpoints JOB`');
    expect(missing.stderr).not.toContain('files list');

    expect((await cli(['files', 'delete', fileId], env)).stdout).toBe(`Deleted ${fileId}.\n`);
  });

  it('jobs follow --tty draws the progress bar and the loss chart', async () => {
    const fileId = (
      await cli(['files', 'upload', TRAIN, '-q', '--no-validate'], env)
    ).stdout.trim();
    const jobId = (
      await cli(
        ['jobs', 'create', '--model', 'gpt-4o-mini-2024-07-18', '--training-file', fileId, '-q'],
        env,
      )
    ).stdout.trim();
    const r = await cli(['jobs', 'follow', jobId, '--interval', '0.05', '--tty'], env);
    expect(r.code).toBe(0);
    const last = r.stdout.split(/\x1b\[\d+F\x1b\[J/).at(-1)!;
    expect(last).toContain(`${jobId}  succeeded  gpt-4o-mini-2024-07-18`);
    expect(last).toMatch(/\[█+\] (\d+)\/\1 {2}100%/);
    expect(last).toMatch(/train loss \d\.\d{4}/);
    expect(last).toContain('* train loss');
  });

  it('errors from the server are one line with status and request id', async () => {
    const r = await cli(['jobs', 'get', 'ftjob-doesnotexist'], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/HTTP 404: .*\[request id \S+\]\. Check the id/);
    const wrongKey = await cli(['jobs', 'list', '--api-key', 'sk-not-the-right-key-123'], env);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('HTTP 401');
    expect(wrongKey.stderr).not.toContain('sk-not-the-right-key-123');
  });
});

describe('openai-ft server', () => {
  it('starts the local server, prints how to use it, serves requests and stops on Ctrl-C', async () => {
    const run = startCli(['server', '--port', '0']);
    await run.waitFor(
      /export OPENAI_BASE_URL=(\S+) OPENAI_API_KEY=(\S+) OPENAI_ADMIN_KEY=(\S+)/,
      15_000,
    );
    const [, baseUrl, apiKey] = /export OPENAI_BASE_URL=(\S+) OPENAI_API_KEY=(\S+)/.exec(
      run.stdout(),
    )!;
    const list = await cli(['jobs', 'list'], {
      OPENAI_BASE_URL: baseUrl!,
      OPENAI_API_KEY: apiKey!,
    });
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('No jobs.\n');
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Local server stopped.');
  });
});
