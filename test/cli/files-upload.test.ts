// `openai-ft files upload` of a file sent in parts, against the local server behind a proxy that
// can fail parts: the live progress line (bytes, MB/s, ETA), an interrupted upload keeping its
// state next to the file, and `--resume` sending only what is missing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { cli, startCli } from './helpers/run-cli.ts';
import { jsonl, startProxy, type UploadProxy } from '../upload/helpers.ts';

let server: LocalServer;
let proxy: UploadProxy;
let dir: string;
let path: string;
const DATA = jsonl(60);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ft-upload-cli-'));
  path = join(dir, 'train.jsonl');
  writeFileSync(path, DATA);
  server = await startLocalServer();
  proxy = await startProxy(server.baseUrl);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ OPENAI_BASE_URL: proxy.baseUrl, OPENAI_API_KEY: server.apiKey });
const flags = ['--threshold', '100', '--part-size', '1000', '--concurrency', '1'];

describe('files upload in parts', () => {
  it('shows bytes, MB/s and ETA, validates in the same read and prints the id', async () => {
    proxy.fate = () => 'pass';
    const r = await cli(['files', 'upload', path, ...flags, '--tty'], env());
    expect(r.stderr).toMatch(
      /\] \d+(\.\d)? KB \/ \d+\.\d KB {2}\d+% {2}\d+\.\d MB\/s {2}(ETA|done)/,
    );
    expect(r.code, r.stderr).toBe(0);
    const id = /^id:\s+(file-\w+)$/m.exec(r.stdout)?.[1] ?? '';
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
    expect(await (await ft.files.content(id)).text()).toBe(DATA);
    expect(existsSync(`${path}.upload.json`)).toBe(false);
  });

  it('keeps the state of an interrupted upload next to the file; --resume sends only what is missing', async () => {
    proxy.seen.length = 0;
    proxy.fate = (_method, p, n) => (p.endsWith('/parts') && n >= 3 ? 'fail' : 'pass');
    const first = await cli(['files', 'upload', path, ...flags], env());
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('--resume');
    const state = JSON.parse(readFileSync(`${path}.upload.json`, 'utf8'));
    expect(state.parts.filter(Boolean)).toHaveLength(2);

    proxy.fate = () => 'pass';
    proxy.seen.length = 0;
    const second = await cli(['files', 'upload', path, ...flags, '--resume', '-q'], env());
    expect(second.code, second.stderr).toBe(0);
    const total = Math.ceil(Buffer.byteLength(DATA) / 1000);
    expect(proxy.seen.filter((s) => s.path.endsWith('/parts'))).toHaveLength(total - 2);
    expect(existsSync(`${path}.upload.json`)).toBe(false);
  });

  it('Ctrl-C says what happened and how to resume, exits 130; a run without --resume refuses to start over', async () => {
    proxy.seen.length = 0;
    // Parts 1 and 2 go through; part 3 is held until the interruption.
    proxy.fate = (_method, p, n) => (p.endsWith('/parts') && n >= 3 ? 'hold' : 'pass');
    const run = startCli(['files', 'upload', path, ...flags], env());
    for (let i = 0; i < 200 && !proxy.seen.some((s) => s.fate === 'hold'); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(proxy.seen.some((s) => s.fate === 'hold')).toBe(true);
    run.child.kill('SIGINT');
    const first = await run.result;
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(
      /^openai-ft: interrupted \(Ctrl-C\): \S+ was not uploaded yet; 2 parts of Upload upload_\w+ sent and kept for an hour\.\nopenai-ft: run the same command with --resume to send only what is missing \(the state is in \S+train\.jsonl\.upload\.json\)\.\n$/,
    );
    const state = JSON.parse(readFileSync(`${path}.upload.json`, 'utf8'));
    expect(state.parts.filter(Boolean)).toHaveLength(2);

    // Again without --resume: refused (exit 2), nothing sent, the state kept.
    proxy.fate = () => 'pass';
    proxy.seen.length = 0;
    const again = await cli(['files', 'upload', path, ...flags], env());
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `has an interrupted upload (Upload ${state.uploadId}, 2 parts sent)`,
    );
    expect(again.stderr).toContain('--resume');
    expect(again.stderr).toContain('--restart');
    expect(proxy.seen).toEqual([]);
    // jobs create with the same path is refused too, pointing at files upload --resume.
    const create = await cli(
      ['jobs', 'create', '--model', 'gpt-4o-mini', '--training-file', path],
      env(),
    );
    expect(create.code).toBe(2);
    expect(create.stderr).toContain(`Run \`openai-ft files upload ${path} --resume\``);
    expect(create.stderr).toContain('remove');
    expect(proxy.seen.filter((s) => s.method === 'POST')).toEqual([]);
    expect(existsSync(`${path}.upload.json`)).toBe(true);

    const resumed = await cli(['files', 'upload', path, ...flags, '--resume', '-q'], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    const total = Math.ceil(Buffer.byteLength(DATA) / 1000);
    expect(proxy.seen.filter((s) => s.path.endsWith('/parts'))).toHaveLength(total - 2);
    expect(existsSync(`${path}.upload.json`)).toBe(false);
  });

  it('--resume checks again only what decides validity: the lines and file rules, no token counts', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${DATA}{"messages": []}\n`);
    proxy.fate = (_method, p, n) => (p.endsWith('/parts') && n >= 2 ? 'fail' : 'pass');
    const fresh = await cli(['files', 'upload', bad, ...flags, '--restart'], env());
    expect(fresh.code).toBe(1);
    proxy.fate = () => 'pass';
    const whole = await cli(['files', 'upload', bad, ...flags, '--restart'], env());
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain('was not uploaded');
    expect(whole.stderr).toMatch(/^tokens: /m);
    proxy.fate = (_method, p, n) => (p.endsWith('/parts') && n >= 2 ? 'fail' : 'pass');
    expect((await cli(['files', 'upload', bad, ...flags], env())).code).toBe(1);
    proxy.fate = () => 'pass';
    const resumed = await cli(['files', 'upload', bad, ...flags, '--resume'], env());
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain('was not uploaded');
    expect(resumed.stderr).toMatch(/line \d+ +\$\.messages/);
    expect(resumed.stderr).not.toMatch(/^tokens: /m);
  });

  it('--restart discards an interrupted upload and sends the whole file', async () => {
    proxy.fate = (_method, p, n) => (p.endsWith('/parts') && n >= 2 ? 'fail' : 'pass');
    proxy.seen.length = 0;
    expect((await cli(['files', 'upload', path, ...flags], env())).code).toBe(1);
    expect(existsSync(`${path}.upload.json`)).toBe(true);
    proxy.fate = () => 'pass';
    proxy.seen.length = 0;
    const r = await cli(['files', 'upload', path, ...flags, '--restart'], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Discarded the interrupted upload');
    const total = Math.ceil(Buffer.byteLength(DATA) / 1000);
    expect(proxy.seen.filter((s) => s.path.endsWith('/parts'))).toHaveLength(total);
    expect(existsSync(`${path}.upload.json`)).toBe(false);
  });

  it('Ctrl-C during a small upload (one request) exits 130 and says nothing is kept', async () => {
    const small = join(dir, 'small.jsonl');
    writeFileSync(small, DATA);
    proxy.seen.length = 0;
    proxy.fate = (method, p) => (method === 'POST' && p === '/files' ? 'hold' : 'pass');
    const run = startCli(['files', 'upload', small], env());
    for (let i = 0; i < 200 && !proxy.seen.some((s) => s.fate === 'hold'); i++)
      await new Promise((r) => setTimeout(r, 25));
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted (Ctrl-C)');
    expect(r.stderr).toContain('nothing of it is kept');
    expect(existsSync(`${small}.upload.json`)).toBe(false);
    proxy.fate = () => 'pass';
  });
});
