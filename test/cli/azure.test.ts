// The real `openai-ft` executable with --azure (and the Azure environment) against the local server
// in Azure mode: every command group runs through AzureFineTuning; `server --azure` starts it.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { cli, startCli } from './helpers/run-cli.ts';

const TRAIN = fileURLToPath(new URL('../../examples/train.jsonl', import.meta.url));
let server: LocalServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startLocalServer({
    azure: true,
    timing: { validatingMs: 50, queuedMs: 50, stepMs: 10 },
  });
  env = {
    AZURE_OPENAI_ENDPOINT: server.azure!.endpoint,
    AZURE_OPENAI_API_KEY: server.azure!.apiKey,
    OPENAI_API_VERSION: server.azure!.apiVersion,
  };
});
afterAll(() => server.close());

describe('openai-ft on Azure OpenAI', () => {
  it('files, jobs, follow, events, checkpoints, models and jobs delete', async () => {
    const fileId = (await cli(['files', 'upload', TRAIN, '-q'], env)).stdout.trim();
    expect(fileId).toMatch(/^file-/);
    expect((await cli(['files', 'list'], env)).stdout).toContain(fileId);
    const created = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini-2024-07-18', '--training-file', fileId, '--json'],
      env,
    );
    expect(created.code).toBe(0);
    const job = JSON.parse(created.stdout);
    expect(job).toMatchObject({ status: 'pending', hyperparameters: { n_epochs: -1 } });
    const follow = await cli(['jobs', 'follow', job.id, '--interval', '0.05'], env);
    expect(follow.code).toBe(0);
    expect(follow.stdout).toMatch(/succeeded\n$/);
    expect((await cli(['jobs', 'list'], env)).stdout).toContain(job.id);
    expect((await cli(['jobs', 'get', job.id], env)).code).toBe(0);
    expect((await cli(['jobs', 'events', job.id], env)).code).toBe(0);
    expect((await cli(['jobs', 'checkpoints', job.id], env)).code).toBe(0);
    expect((await cli(['models', 'list'], env)).code).toBe(0);
    const deleted = await cli(['jobs', 'delete', job.id], env);
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted ${job.id}.\n` });
    expect((await cli(['files', 'delete', fileId, '-q'], env)).code).toBe(0);
    // Every request went through Azure's dated API.
    expect(
      server.requests.every(
        (r) => r.path.startsWith('/openai/') && !r.path.startsWith('/openai/v1/'),
      ),
    ).toBe(true);
    // The key never printed.
    for (const out of [created, follow, deleted])
      expect(out.stdout + out.stderr).not.toContain(server.azure!.apiKey);
  });

  it('--azure with --endpoint and --api-key, the v1 API; usage errors say what is missing', async () => {
    const flags = [
      '--azure',
      '--endpoint',
      server.azure!.endpoint,
      '--api-key',
      server.azure!.apiKey,
    ];
    const listed = await cli([...flags, 'jobs', 'list', '--json'], {});
    expect(listed.code).toBe(0);
    expect(server.requests.at(-1)!.path).toMatch(/^\/openai\/v1\/fine_tuning\/jobs/);
    const missing = await cli(['--azure', 'jobs', 'list'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/AZURE_OPENAI_ENDPOINT|--endpoint/);
    const notAzure = await cli(['jobs', 'delete', 'ftjob-x'], {
      OPENAI_API_KEY: 'sk-x',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(notAzure.stderr).toMatch(/pass --azure/);
    const admin = await cli(['permissions', 'list', 'ft:x:ckpt-step-1'], env);
    expect(admin.stderr).toMatch(/Azure OpenAI has none/);
  });

  it('openai-ft server --azure prints the Azure environment and serves /openai/', async () => {
    const run = startCli(['server', '--azure', '--port', '0'], {});
    try {
      await run.waitFor(/AZURE_OPENAI_ENDPOINT=(\S+)/);
      const endpoint = run.stdout().match(/AZURE_OPENAI_ENDPOINT=(\S+)/)![1]!;
      const r = await fetch(`${endpoint}/openai/v1/files`, {
        headers: { 'api-key': 'sk-local-test' },
      });
      expect(r.status).toBe(200);
      expect((await fetch(`${endpoint}/openai/v1/files`)).status).toBe(401);
    } finally {
      run.child.kill('SIGINT');
      await run.result;
    }
  });
});
