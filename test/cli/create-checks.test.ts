// `jobs create` with files to upload: the model checked first (a typo costs no upload), the data
// validated for the model's format (prompt/completion for davinci-002 and babbage-002), one upload
// when the same path is training and validation file; `openai-ft convert` for the move to a chat model.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalServer } from '../helpers/local-server.ts';
import { cli } from './helpers/run-cli.ts';

const local = useLocalServer({ clock: 'manual' });
let dir: string;
let env: Record<string, string>;
const chat = (i: number) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: `q${i}` },
      { role: 'assistant', content: `a${i}` },
    ],
  });
const pair = (i: number) => JSON.stringify({ prompt: `Q${i} ->`, completion: ` A${i}\n` });
const uploads = () =>
  local.server.requests.filter((q) => q.method === 'POST' && q.path === '/files').length;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openai-ft-create-'));
  await writeFile(
    join(dir, 'train.jsonl'),
    `${Array.from({ length: 12 }, (_, i) => chat(i)).join('\n')}\n`,
  );
  await writeFile(
    join(dir, 'legacy.jsonl'),
    `${Array.from({ length: 12 }, (_, i) => pair(i)).join('\n')}\n`,
  );
  env = { OPENAI_BASE_URL: local.server.baseUrl, OPENAI_API_KEY: local.server.apiKey };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('jobs create checks the model before any upload', () => {
  it('a typo exits 2 with the closest model, and nothing is uploaded', async () => {
    const before = uploads();
    const r = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-minii', '--training-file', join(dir, 'train.jsonl')],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--model gpt-4o-minii does not exist or the key cannot use it');
    expect(r.stderr).toContain('nothing was uploaded');
    expect(r.stderr).toContain('Did you mean gpt-4o-mini');
    expect(r.stderr).toContain('`openai-ft models list`');
    expect(uploads()).toBe(before);
  });

  it('a known model uploads and creates', async () => {
    const r = await cli(
      [
        'jobs',
        'create',
        '--model',
        'gpt-4o-mini',
        '--training-file',
        join(dir, 'train.jsonl'),
        '-q',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ftjob-/);
  });
});

describe('the same path as training and validation file', () => {
  it('is uploaded once and used for both', async () => {
    const before = uploads();
    const path = join(dir, 'train.jsonl');
    const r = await cli(
      [
        'jobs',
        'create',
        '--model',
        'gpt-4o-mini',
        '--training-file',
        path,
        '--validation-file',
        `${dir}/./train.jsonl`,
        '--json',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(uploads()).toBe(before + 1);
    const job = JSON.parse(r.stdout);
    expect(job.validation_file).toBe(job.training_file);
    expect(r.stderr).toContain('is the training file too: uploaded once, used for both');
  });
});

describe('prompt/completion data and the model it is for', () => {
  it('validate --model davinci-002 accepts it; for a chat model it says how to convert', async () => {
    const ok = await cli(['validate', join(dir, 'legacy.jsonl'), '--model', 'davinci-002']);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('valid supervised data for davinci-002');
    const chatModel = await cli(['validate', join(dir, 'legacy.jsonl'), '--model', 'gpt-4o-mini']);
    expect(chatModel.code).toBe(1);
    expect(chatModel.stdout).toContain('[legacy_format]');
    expect(chatModel.stdout).toContain('openai-ft convert');
  });

  it('jobs create --model davinci-002 uploads it; --model gpt-4o-mini does not', async () => {
    const before = uploads();
    const legacy = await cli(
      [
        'jobs',
        'create',
        '--model',
        'davinci-002',
        '--training-file',
        join(dir, 'legacy.jsonl'),
        '-q',
      ],
      env,
    );
    expect(legacy.code, legacy.stderr).toBe(0);
    expect(uploads()).toBe(before + 1);
    const refused = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', join(dir, 'legacy.jsonl')],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[legacy_format]');
    expect(uploads()).toBe(before + 1);
  });

  it('openai-ft convert turns it into chat examples a chat model accepts', async () => {
    const out = join(dir, 'chat.jsonl');
    const r = await cli([
      'convert',
      join(dir, 'legacy.jsonl'),
      '--separator',
      ' ->',
      '--system',
      'You answer briefly.',
      '-o',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Converted 12 examples into ${out}.`);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(JSON.parse(lines[3]!)).toEqual({
      messages: [
        { role: 'system', content: 'You answer briefly.' },
        { role: 'user', content: 'Q3' },
        { role: 'assistant', content: 'A3' },
      ],
    });
    const check = await cli(['validate', out, '--model', 'gpt-4o-mini']);
    expect(check.code, check.stdout).toBe(0);
    const stdout = await cli(['convert', join(dir, 'legacy.jsonl')]);
    expect(stdout.stdout.trim().split('\n')).toHaveLength(12);
    const bad = await cli(['convert', join(dir, 'train.jsonl')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 1 is not a {"prompt": string, "completion": string} pair');
  });

  it('a JSON array gets one error that says the file must be JSONL', async () => {
    const path = join(dir, 'array.json');
    await writeFile(
      path,
      JSON.stringify(
        Array.from({ length: 40 }, (_, i) => JSON.parse(chat(i))),
        null,
        2,
      ),
    );
    const r = await cli(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 error,');
    expect(r.stdout.match(/\berror\b {3}/g)).toHaveLength(1);
    expect(r.stdout).toContain("jq -c '.[]'");
  });
});
