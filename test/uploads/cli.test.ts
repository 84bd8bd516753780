// `openai-ft files upload` of a file sent in parts, against the local server behind a proxy that
// can fail parts: the live progress line (bytes, MB/s, ETA), an interrupted upload keeping its
// state next to the file, and `--resume` sending only what is missing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { cli } from '../cli/helpers/run-cli.ts';
import { jsonl, startProxy, type UploadProxy } from './helpers.ts';

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
});
