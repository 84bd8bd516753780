// The real `openai-ft` binary against a local API: output and exit code of every command.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, API_KEY, startFakeApi, type FakeApi } from './helpers/fake-api.ts';
import { cli } from './helpers/run-cli.ts';
import packageJson from '../../package.json' with { type: 'json' };

let api: FakeApi;
let dir: string;
let env: Record<string, string>;
const example = (i: number) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `q${i}` },
      { role: 'assistant', content: `a${i}` },
    ],
  });

beforeAll(async () => {
  api = await startFakeApi({ steps: 6, stepMs: 20, startMs: 20 });
  dir = await mkdtemp(join(tmpdir(), 'openai-ft-'));
  await writeFile(
    join(dir, 'train.jsonl'),
    `${Array.from({ length: 10 }, (_, i) => example(i)).join('\n')}\n`,
  );
  await writeFile(
    join(dir, 'bad.jsonl'),
    `${[example(1), example(2), '{"messages": [', example(4), '{"prompt": "x"}'].join('\n')}\n`,
  );
  env = { OPENAI_BASE_URL: api.baseUrl, OPENAI_API_KEY: API_KEY, OPENAI_ADMIN_KEY: ADMIN_KEY };
});

afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent('help', () => {
  it.each([[[]], [['files']], [['jobs']], [['permissions']]])(
    'lists the subcommands of %j',
    async (path) => {
      const r = await cli([...path, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: openai-ft/);
      expect(r.stdout).toContain('Commands:');
    },
  );

  it.each([
    ['validate', '--method <method>'],
    ['files upload', '--no-validate'],
    ['files list', '--purpose'],
    ['files delete', '<id>'],
    ['jobs create', '--hyperparameter <k=v>'],
    ['jobs list', '--status <status>'],
    ['jobs get', '<id>'],
    ['jobs cancel', '<id>'],
    ['jobs pause', '<id>'],
    ['jobs resume', '<id>'],
    ['jobs events', '--limit'],
    ['jobs checkpoints', '--limit'],
    ['jobs follow', '--interval'],
    ['permissions grant', '<project-ids...>'],
    ['permissions list', '--project-id'],
    ['permissions revoke', '<permission-id>'],
    ['server', '--port'],
  ])('%s --help shows its own flags and the global ones', async (command, flag) => {
    const r = await cli([...command.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: openai-ft ${command}`);
    expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('--api-key <key>');
  });

  it('a bad flag value exits 2 and names the flag', async () => {
    const r = await cli(['jobs', 'list', '--limit', 'ten'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit must be a whole number > 0, got "ten"');
  });
});

describe('validate', () => {
  it('reports valid data and exits 0', async () => {
    const r = await cli(['validate', join(dir, 'train.jsonl')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid supervised data');
    expect(r.stdout).toContain('10 lines, 10 valid examples, 0 errors');
  });

  it('lists each error with its line number and exits 1', async () => {
    const r = await cli(['validate', join(dir, 'bad.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('INVALID');
    expect(r.stdout).toMatch(/error\s+line 3\s.*invalid_json/);
    expect(r.stdout).toMatch(/error\s+line 5\s+\$\.messages/);
  });

  it('--json prints the report for machines', async () => {
    const r = await cli(['validate', join(dir, 'bad.jsonl'), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.errors.map((e: { line: number }) => e.line)).toEqual(
      expect.arrayContaining([3, 5]),
    );
  });

  it('checks the fields of the method asked for', async () => {
    const r = await cli(['validate', join(dir, 'train.jsonl'), '--method', 'dpo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('preferred_output');
  });

  it('shows a progress bar with MB/s and ETA on stderr for a big file on a terminal, then erases it', async () => {
    const big = join(dir, 'big.jsonl');
    const line = (i: number) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: `q${i} ${'word '.repeat(40)}` },
          { role: 'assistant', content: `a${i}` },
        ],
      });
    await writeFile(big, `${Array.from({ length: 20_000 }, (_, i) => line(i)).join('\n')}\n`);
    const r = await cli(['validate', big], { OPENAI_FT_TTY: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('20,000 lines, 20,000 valid examples, 0 errors');
    expect(r.stdout).not.toContain('MB/s');
    expect(r.stderr).toMatch(
      /\r\[[█░]{24}\] \d+\.\d\/\d+\.\d MB {2}\d+% {2}\d+\.\d MB\/s {2}ETA \S+ {2}[\d,]+ lines\x1b\[K/,
    );
    expect(r.stderr).toContain('100%');
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
    // Not with --json (nor on a pipe: the tests above run without a terminal).
    expect((await cli(['validate', big, '--json'], { OPENAI_FT_TTY: '1' })).stderr).toBe('');
  });

  it('a missing file is one line and exit 2', async () => {
    const r = await cli(['validate', join(dir, 'nope.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no such file');
  });
});

describe('files', () => {
  it('upload validates, uploads and prints the id; list shows it in a table; delete removes it', async () => {
    const up = await cli(['files', 'upload', join(dir, 'train.jsonl')], env);
    expect(up.code).toBe(0);
    const id = /^id:\s+(file-\w+)$/m.exec(up.stdout)?.[1];
    expect(id).toMatch(/^file-/);
    expect(api.files.get(id!)?.body).toContain('"q0"');

    const list = await cli(['files', 'list'], env);
    expect(list.code).toBe(0);
    const [header, row] = list.stdout.split('\n');
    expect(header).toMatch(/^ID\s+FILENAME\s+PURPOSE\s+BYTES\s+CREATED$/);
    expect(row!.startsWith(`${id}  `)).toBe(true);
    expect(header!.indexOf('FILENAME')).toBe(row!.indexOf('train.jsonl'));

    const del = await cli(['files', 'delete', id!], env);
    expect(del.code).toBe(0);
    expect(del.stdout).toBe(`Deleted ${id}.\n`);
    expect(api.files.has(id!)).toBe(false);
  });

  it('does not upload invalid data, and says how to force it', async () => {
    const before = api.requests.length;
    const r = await cli(['files', 'upload', join(dir, 'bad.jsonl')], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 3');
    expect(r.stderr).toContain('was not uploaded');
    expect(r.stderr).toContain('--no-validate');
    expect(api.requests.length).toBe(before);
  });

  it('--no-validate uploads as it is; --quiet prints the id alone', async () => {
    const r = await cli(
      ['files', 'upload', join(dir, 'bad.jsonl'), '--no-validate', '--quiet'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^file-\w+\n$/);
  });

  it('a 404 is one line with the status, the request id and what to do', async () => {
    const r = await cli(['files', 'delete', 'file-missing'], env);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^openai-ft: files delete failed \(DELETE \/v1\/files\/file-missing\): HTTP 404: No such File object: file-missing \[request id req_\w+\]\. Check the id/,
    );
  });
});

describe('jobs', () => {
  let fileId: string;
  let jobId: string;

  beforeAll(async () => {
    fileId = (await cli(['files', 'upload', join(dir, 'train.jsonl'), '-q'], env)).stdout.trim();
  });

  it('create sends the method, hyperparameters and metadata and prints the job', async () => {
    const r = await cli(
      [
        'jobs',
        'create',
        '--model',
        'gpt-4o-mini',
        '--training-file',
        fileId,
        '--suffix',
        'demo',
        '--hyperparameter',
        'n_epochs=2',
        '--hyperparameter',
        'batch_size=auto',
        '--metadata',
        'team=nlp',
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const job = JSON.parse(r.stdout);
    jobId = job.id;
    expect(job.method).toEqual({
      type: 'supervised',
      supervised: { hyperparameters: { n_epochs: 2, batch_size: 'auto' } },
    });
    // The SDK's idempotency marker is in the job's metadata on the server, never in the output.
    expect(job.metadata).toEqual({ team: 'nlp' });
    expect(r.stderr).toContain(`openai-ft jobs follow ${jobId}`);
  });

  it('never prints the idempotency marker: create, get and list, human or JSON', async () => {
    const created = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', fileId],
      env,
    );
    expect(created.code).toBe(0);
    const id = /^id:\s+(\S+)$/m.exec(created.stdout)?.[1];
    expect(id).toMatch(/^ftjob-/);
    const outputs = [
      created,
      await cli(['jobs', 'get', id!], env),
      await cli(['jobs', 'get', id!, '--json'], env),
      await cli(['jobs', 'list', '--json'], env),
    ];
    for (const r of outputs) {
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('openai_fine_tuning_idempotency_key');
      expect(r.stdout).not.toContain('idem-');
    }
    // A job created without metadata shows none (the marker was the only entry).
    expect(JSON.parse(outputs[2]!.stdout).metadata).toBeNull();
  });

  describe.concurrent('checks its flags against the spec before uploading anything', () => {
    const uploads = () =>
      api.requests.filter((q) => q.method === 'POST' && q.path === '/files').length;
    const create = (...flags: string[]) =>
      cli(
        [
          'jobs',
          'create',
          '--model',
          'gpt-4o-mini',
          '--training-file',
          join(dir, 'train.jsonl'),
          ...flags,
        ],
        env,
      );

    it.each([
      [
        ['--hyperparameter', 'foo=bar'],
        '--hyperparameter foo is not a hyperparameter of --method supervised. Valid keys: batch_size, learning_rate_multiplier, n_epochs.',
      ],
      [
        ['--method', 'dpo', '--hyperparameter', 'compute_multiplier=2'],
        '--hyperparameter compute_multiplier is not a hyperparameter of --method dpo. Valid keys: beta, batch_size, learning_rate_multiplier, n_epochs.',
      ],
      [
        ['--hyperparameter', 'n_epochs=51'],
        '--hyperparameter n_epochs=51 is out of range: n_epochs takes auto or a whole number from 1 to 50.',
      ],
      [
        ['--hyperparameter', 'n_epochs=2.5'],
        '--hyperparameter n_epochs=2.5 is not a whole number: n_epochs takes auto or a whole number from 1 to 50.',
      ],
      [
        ['--hyperparameter', 'learning_rate_multiplier=abc'],
        '--hyperparameter learning_rate_multiplier=abc is not a number: learning_rate_multiplier takes auto or a number > 0.',
      ],
      [
        ['--method', 'reinforcement', '--hyperparameter', 'reasoning_effort=extreme'],
        '--hyperparameter reasoning_effort=extreme is not accepted: reasoning_effort takes default, low, medium, high.',
      ],
      [
        ['--hyperparameter', 'learning_rate_multiplier=0'],
        'learning_rate_multiplier takes auto or a number > 0.',
      ],
      [
        ['--method', 'dpo', '--hyperparameter', 'beta=3'],
        'beta takes auto or a number > 0 and <= 2.',
      ],
      [
        ['--method', 'reinforcement', '--hyperparameter', 'reasoning_effort=extreme'],
        'reasoning_effort takes default, low, medium, high.',
      ],
      [['--method', 'reinforcement'], '--method reinforcement needs --grader FILE'],
      [['--method', 'rlhf'], '--method must be one of supervised, dpo, reinforcement, got "rlhf".'],
    ])('%j: exit 2, nothing uploaded', async (flags, message) => {
      const before = uploads();
      const r = await create(...flags);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('Uploaded');
      expect(uploads()).toBe(before);
    });

    it('sends each value as its schema types it, and takes the old method name `preference` for dpo', async () => {
      const r = await cli(
        [
          'jobs',
          'create',
          '--model',
          'gpt-4o-mini',
          '--training-file',
          fileId,
          '--method',
          'preference',
          '--hyperparameter',
          'beta=auto',
          '--hyperparameter',
          'n_epochs=3',
          '--hyperparameter',
          'learning_rate_multiplier=0.5',
          '--json',
        ],
        env,
      );
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).method).toEqual({
        type: 'dpo',
        dpo: { hyperparameters: { beta: 'auto', n_epochs: 3, learning_rate_multiplier: 0.5 } },
      });
    });
  });

  it('create with a path validates and uploads it first', async () => {
    const r = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', join(dir, 'train.jsonl')],
      env,
    );
    expect(r.code).toBe(0);
    const fileId = /Uploaded .*train\.jsonl as (file-\w+)/.exec(r.stderr)?.[1];
    expect(fileId).toBeDefined();
    expect(r.stdout).toMatch(new RegExp(`^training file:\\s+${fileId}$`, 'm'));
    const bad = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', join(dir, 'bad.jsonl')],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('was not uploaded');
  });

  it('create --method dpo puts the hyperparameters under the method', async () => {
    const r = await cli(
      [
        'jobs',
        'create',
        '--model',
        'gpt-4o-mini',
        '--training-file',
        fileId,
        '--method',
        'dpo',
        '--hyperparameter',
        'beta=0.1',
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).method).toEqual({
      type: 'dpo',
      dpo: { hyperparameters: { beta: 0.1 } },
    });
  });

  it('create --method reinforcement sends the grader file; --grader without it is a usage error', async () => {
    const grader = {
      type: 'string_check',
      name: 'exact',
      input: '{{sample.output_text}}',
      reference: '{{item.answer}}',
      operation: 'eq',
    };
    await writeFile(join(dir, 'grader.json'), JSON.stringify(grader));
    const r = await cli(
      [
        'jobs',
        'create',
        '--model',
        'o4-mini',
        '--training-file',
        fileId,
        '--method',
        'reinforcement',
        '--grader',
        join(dir, 'grader.json'),
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).method).toEqual({
      type: 'reinforcement',
      reinforcement: { grader },
    });
    const misuse = await cli(
      [
        'jobs',
        'create',
        '--model',
        'gpt-4o-mini',
        '--training-file',
        fileId,
        '--grader',
        join(dir, 'grader.json'),
      ],
      env,
    );
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain(
      '--grader applies to --method reinforcement only. See `openai-ft jobs create --help`.',
    );
  });

  it('a training file that is neither an id nor an existing path is a usage error', async () => {
    const r = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', 'data/missing.jsonl'],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'data/missing.jsonl does not exist: pass a file id (file-…) or the path of a .jsonl file.',
    );
  });

  it('create without --model exits 2', async () => {
    const r = await cli(['jobs', 'create', '--training-file', fileId], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--model <model>' not specified");
  });

  it('a 400 from the API is one line and exit 1', async () => {
    const r = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', 'file-nope'],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^openai-ft: jobs create failed \(POST \/v1\/fine_tuning\/jobs\): HTTP 400: invalid training_file: file-nope \[request id req_\w+\]\. Fix the request/,
    );
  });

  it('list shows an aligned table; --status and --metadata filter it', async () => {
    const all = await cli(['jobs', 'list'], env);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[0]).toMatch(/^ID\s+STATUS\s+MODEL\s+FINE-TUNED MODEL\s+CREATED$/);
    expect(all.stdout).toContain(jobId);

    const tagged = await cli(['jobs', 'list', '--metadata', 'team=nlp', '-q'], env);
    expect(tagged.stdout).toBe(`${jobId}\n`);

    const none = await cli(['jobs', 'list', '--status', 'paused'], env);
    expect(none.stdout).toBe('No jobs.\n');
  });

  it('get shows the job; events and checkpoints list what it did', async () => {
    await cli(['jobs', 'follow', jobId, '--interval', '0.02', '-q'], env);
    const get = await cli(['jobs', 'get', jobId], env);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^status:\s+succeeded$/m);
    expect(get.stdout).toMatch(/^fine-tuned model:\s+ft:gpt-4o-mini/m);

    const events = await cli(['jobs', 'events', jobId], env);
    const lines = events.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CREATED\s+LEVEL\s+MESSAGE$/);
    expect(lines[1]).toContain('Created fine-tuning job');
    expect(lines.at(-1)).toContain('successfully completed');

    const checkpoints = await cli(['jobs', 'checkpoints', jobId], env);
    expect(checkpoints.stdout.split('\n')[0]).toMatch(
      /^\s*STEP\s+TRAIN LOSS\s+VALID LOSS\s+FULL VALID LOSS\s+CHECKPOINT MODEL\s+ID$/,
    );
    expect(checkpoints.stdout).toMatch(/ft:gpt-4o-mini:org-test::\w+:ckpt-step-6/);
  });

  it('cancel a finished job is a 409 with a hint; pause and resume say why not', async () => {
    const r = await cli(['jobs', 'cancel', jobId], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HTTP 409');
    expect(r.stderr).toContain('jobs get ID');
    for (const verb of ['pause', 'resume']) {
      const p = await cli(['jobs', verb, jobId], env);
      expect(p.code).toBe(1);
      expect(p.stderr).toContain(`cannot be ${verb}d`);
    }
  });

  it('cancel a running job', async () => {
    const slow = await startFakeApi({ steps: 1000, stepMs: 1000 });
    try {
      const slowEnv = { ...env, OPENAI_BASE_URL: slow.baseUrl };
      const file = (
        await cli(['files', 'upload', join(dir, 'train.jsonl'), '-q'], slowEnv)
      ).stdout.trim();
      const id = (
        await cli(
          ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', file, '-q'],
          slowEnv,
        )
      ).stdout.trim();
      const r = await cli(['jobs', 'cancel', id], slowEnv);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`Cancelled ${id}: status cancelled.\n`);
    } finally {
      await slow.close();
    }
  });
});

describe('permissions', () => {
  const ckpt = 'ft:gpt-4o-mini:org-test::abc:ckpt-step-6';

  it('grant, list and revoke with the admin key', async () => {
    const grant = await cli(['permissions', 'grant', ckpt, 'proj_a', 'proj_b'], env);
    expect(grant.code).toBe(0);
    expect(grant.stdout.split('\n')[0]).toMatch(/^ID\s+PROJECT\s+CREATED$/);
    const list = await cli(['permissions', 'list', ckpt, '-q'], env);
    const ids = list.stdout.trim().split('\n');
    expect(ids).toHaveLength(2);
    const revoke = await cli(['permissions', 'revoke', ckpt, ids[0]!], env);
    expect(revoke.stdout).toBe(`Revoked ${ids[0]}.\n`);
    expect((await cli(['permissions', 'list', ckpt, '-q'], env)).stdout.trim().split('\n')).toEqual(
      [ids[1]],
    );
  });

  it('without an admin key says which flag or variable to set, before any request', async () => {
    const r = await cli(['permissions', 'list', ckpt], { ...env, OPENAI_ADMIN_KEY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no admin key: pass --admin-key or set OPENAI_ADMIN_KEY');
  });
});

describe('global flags', () => {
  it('--org and --project are sent as headers, flags before or after the command', async () => {
    await cli(['--org', 'org-flag', 'jobs', 'list', '--project', 'proj-flag'], env);
    expect(api.requests.at(-1)).toMatchObject({
      path: '/fine_tuning/jobs?limit=20',
      organization: 'org-flag',
      project: 'proj-flag',
      userAgent: 'openai-ft',
    });
  });

  it('the environment fills in what the flags leave out', async () => {
    await cli(['jobs', 'list'], {
      ...env,
      OPENAI_ORG_ID: 'org-env',
      OPENAI_PROJECT_ID: 'proj-env',
    });
    expect(api.requests.at(-1)).toMatchObject({ organization: 'org-env', project: 'proj-env' });
  });

  it('npm run cli runs the CLI from the sources, with no build', async () => {
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'npm',
        ['run', '-s', 'cli', '--', '--version'],
        { cwd: new URL('../../', import.meta.url) },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(packageJson.scripts.cli).toBe('tsx src/cli/bin.ts');
    expect(out).toBe(`${packageJson.version}\n`);
  });

  it('--version prints the package version', async () => {
    expect((await cli(['--version'])).stdout).toBe(`${packageJson.version}\n`);
  });
});

describe('errors never show a key', () => {
  it('a 401 echoing the key is redacted, with or without --debug', async () => {
    const wrong = 'sk-wrong-secret-key-987654';
    for (const extra of [[], ['--debug']]) {
      const r = await cli(['jobs', 'list', '--api-key', wrong, ...extra], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('HTTP 401');
      expect(r.stderr).toContain('Check the API key');
      expect(r.stderr).not.toContain(wrong);
      expect(r.stderr).not.toContain(API_KEY);
    }
  });

  it('no stack trace unless --debug', async () => {
    const plain = await cli(['jobs', 'get', 'ftjob-x', '--base-url', 'http://127.0.0.1:9/v1'], env);
    expect(plain.code).toBe(1);
    // Port 9 is one fetch refuses to connect to: the request is reported as not sent (not retried).
    expect(plain.stderr).toContain(
      'was not sent: fetch refused the request (fetch failed: bad port)',
    );
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(
      ['jobs', 'get', 'ftjob-x', '--base-url', 'http://127.0.0.1:9/v1', '--debug'],
      env,
    );
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
