// The local server's dataDir: everything it holds survives a restart; a kill -9 in the middle of
// a load loses nothing it had answered 2xx; two servers on one dataDir are refused; a torn journal
// tail is dropped and a damaged journal is reported. And with a seed and a manual clock, the same
// requests get the same answers on every run.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ft-durable-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function client(server: { baseUrl: string; apiKey: string; adminApiKey: string }) {
  return async (method: string, path: string, body?: unknown, admin = false): Promise<{ status: number; body: any; headers: Headers }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${admin ? server.adminApiKey : server.apiKey}` };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // file content
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
}

function upload(name = 'train.jsonl', content = TRAINING_JSONL): FormData {
  const form = new FormData();
  form.append('purpose', 'fine-tune');
  form.append('file', new Blob([content]), name);
  return form;
}

/** Everything a client can read back, for comparing two servers' views. */
async function everything(server: LocalServer) {
  const call = client(server);
  const files = (await call('GET', '/files?order=asc')).body;
  const jobs = (await call('GET', '/fine_tuning/jobs?limit=100')).body;
  const perJob = [];
  for (const job of jobs.data) {
    const events = (await call('GET', `/fine_tuning/jobs/${job.id}/events?limit=100`)).body;
    const checkpoints = (await call('GET', `/fine_tuning/jobs/${job.id}/checkpoints?limit=100`)).body;
    const permissions = job.fine_tuned_model ? (await call('GET', `/fine_tuning/checkpoints/${encodeURIComponent(job.fine_tuned_model)}/permissions`, undefined, true)).body : null;
    perJob.push({ events, checkpoints, permissions });
  }
  const contents = [];
  for (const file of files.data) contents.push((await call('GET', `/files/${file.id}/content`)).body);
  const legacy = (await call('GET', '/fine-tunes')).body;
  return { now: server.now(), files, contents, jobs, perJob, legacy };
}

describe('dataDir', () => {
  it('keeps files, their content, jobs with their clock, events, checkpoints, permissions and legacy fine-tunes across a restart', async () => {
    const dataDir = tempDir();
    let server = await startLocalServer({ clock: 'manual', dataDir });
    let call = client(server);
    const file = (await call('POST', '/files', upload())).body;
    const other = (await call('POST', '/files', upload('gone.jsonl'))).body;
    expect((await call('DELETE', `/files/${other.id}`)).status).toBe(200);
    const done = (await call('POST', '/fine_tuning/jobs', { model: 'gpt-4o-mini', training_file: file.id, metadata: { team: 'a' }, hyperparameters: { n_epochs: 3 } })).body;
    server.settle();
    const finished = (await call('GET', `/fine_tuning/jobs/${done.id}`)).body;
    expect(finished.status).toBe('succeeded');
    const granted = await call('POST', `/fine_tuning/checkpoints/${encodeURIComponent(finished.fine_tuned_model)}/permissions`, { project_ids: ['proj_a', 'b'] }, true);
    expect(granted.status).toBe(200);
    const running = (await call('POST', '/fine_tuning/jobs', { model: 'gpt-4.1-mini', training_file: file.id, hyperparameters: { n_epochs: 3 } })).body;
    server.advance(1_000); // validated, queued, a few steps in
    const legacy = (await call('POST', '/fine-tunes', { training_file: file.id })).body;
    const before = await everything(server);
    expect(before.jobs.data.map((j: { id: string }) => j.id)).toEqual([running.id, done.id]);
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    call = client(server);
    expect(await everything(server)).toEqual(before);
    expect((await call('GET', `/files/${other.id}`)).status).toBe(404);
    expect(readdirSync(join(dataDir, 'files')).sort()).toEqual(before.files.data.map((f: { id: string }) => f.id).sort());
    // Time carries on from where it stood: the running job and the legacy fine-tune finish.
    server.settle();
    expect((await call('GET', `/fine_tuning/jobs/${running.id}`)).body.status).toBe('succeeded');
    expect((await call('GET', `/fine-tunes/${legacy.id}`)).body.status).toBe('succeeded');
    const after = await everything(server);
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    expect(await everything(server)).toEqual(after);
    await server.close();
  });

  it('refuses a second server on the same dataDir, saying which holds it, and lets one in once it closed', async () => {
    const dataDir = tempDir();
    const first = await startLocalServer({ dataDir });
    await expect(startLocalServer({ dataDir })).rejects.toThrow(`dataDir ${dataDir} is in use by another local server (pid ${process.pid}, this process)`);
    const file = (await client(first)('POST', '/files', upload())).body;
    await first.close();
    const second = await startLocalServer({ dataDir });
    expect((await client(second)('GET', `/files/${file.id}`)).body).toEqual(file);
    await second.close();
  });

  it('takes over the lock of a server that was killed', async () => {
    const dataDir = tempDir();
    const server = await startLocalServer({ dataDir });
    await server.close();
    // A pid no process has: what a kill -9 leaves behind.
    writeFileSync(join(dataDir, 'lock'), '2147483646');
    const again = await startLocalServer({ dataDir });
    expect(readFileSync(join(dataDir, 'lock'), 'utf8')).toBe(String(process.pid));
    await again.close();
  });

  it('drops a torn last journal line (never answered) and reports damage anywhere else', async () => {
    const dataDir = tempDir();
    let server = await startLocalServer({ dataDir });
    const file = (await client(server)('POST', '/files', upload())).body;
    // Kill the server's state without closing it cleanly: the journal holds the upload.
    await server.close();
    appendFileSync(join(dataDir, 'state', 'journal.jsonl'), '{"r":[["files","file-torn",{"id":"file-to');
    server = await startLocalServer({ dataDir });
    expect((await client(server)('GET', '/files')).body.data).toEqual([file]);
    const second = (await client(server)('POST', '/files', upload('b.jsonl'))).body;
    await server.close();
    server = await startLocalServer({ dataDir });
    expect((await client(server)('GET', '/files?order=asc')).body.data).toEqual([file, second]);
    await server.close();

    writeFileSync(join(dataDir, 'state', 'journal.jsonl'), 'not json\n{"r":[]}\n');
    await expect(startLocalServer({ dataDir })).rejects.toThrow(/journal\.jsonl line 1 is damaged .* Move the dataDir aside/);
    // A refused start leaves the dataDir free.
    expect(readdirSync(dataDir)).not.toContain('lock');
  });

  it('loses no change it answered 2xx when killed with SIGKILL in the middle of a load', async () => {
    const dataDir = tempDir();
    const bin = inject('serverBin');
    const start = async () => {
      const child = spawn(process.execPath, [bin, '--port', '0', '--data-dir', dataDir, '--step-ms', '5', '--validating-ms', '20', '--queued-ms', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no base URL printed: ${out}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = out.match(/OPENAI_BASE_URL=(\S+)/);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      return { child, baseUrl };
    };
    const { child, baseUrl } = await start();
    const call = client({ baseUrl, apiKey: 'sk-local-test', adminApiKey: 'sk-admin-local-test' });
    const seed = (await call('POST', '/files', upload())).body;
    const answered = { files: new Map<string, unknown>(), jobs: new Map<string, { status: string; created_at: number; metadata: unknown }>(), deleted: new Set<string>() };
    let count = 0;
    let killed = false;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Four clients at once: uploads, deletions, job creations and cancellations, until the kill.
    const worker = async (w: number) => {
      for (let i = 0; i < 400 && !killed; i++) {
        try {
          const kind = (i + w) % 4;
          if (kind === 0 || kind === 3) {
            const r = await call('POST', '/files', upload(`w${w}-${i}.jsonl`));
            if (r.status === 200) answered.files.set(r.body.id, r.body);
            if (kind === 3 && r.status === 200) {
              const d = await call('DELETE', `/files/${r.body.id}`);
              if (d.status === 200) answered.deleted.add(r.body.id);
            }
          } else {
            const r = await call('POST', '/fine_tuning/jobs', { model: 'gpt-4o-mini', training_file: seed.id, metadata: { w: String(w) } });
            if (r.status === 200) answered.jobs.set(r.body.id, r.body);
            if (kind === 2 && r.status === 200) {
              const c = await call('POST', `/fine_tuning/jobs/${r.body.id}/cancel`);
              if (c.status === 200) answered.jobs.set(r.body.id, c.body);
            }
          }
          if (++count === 60) {
            killed = true;
            child.kill('SIGKILL');
          }
        } catch {
          // the connection died with the server
          return;
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    expect(killed).toBe(true);
    expect(await exited).toBe(null);
    expect(readFileSync(join(dataDir, 'lock'), 'utf8')).toBe(String(child.pid));

    const server = await startLocalServer({ dataDir });
    try {
      const after = client(server);
      for (const [id, file] of answered.files) {
        const got = await after('GET', `/files/${id}`);
        if (answered.deleted.has(id)) expect(got.status, id).toBe(404);
        else {
          expect(got.body, id).toEqual(file);
          expect((await after('GET', `/files/${id}/content`)).body).toEqual((await after('GET', `/files/${seed.id}/content`)).body);
        }
      }
      for (const [id, job] of answered.jobs) {
        const got = (await after('GET', `/fine_tuning/jobs/${id}`)).body;
        expect(got.id, id).toBe(id);
        expect(got.created_at).toBe(job.created_at);
        expect(got.metadata).toEqual(job.metadata);
        if (job.status === 'cancelled') expect(got.status).toBe('cancelled');
      }
      expect(answered.files.size + answered.jobs.size).toBeGreaterThan(20);
    } finally {
      await server.close();
    }
  });
});

describe('replayable with a seed and a manual clock', () => {
  async function run(seed: number) {
    const server = await startLocalServer({ clock: 'manual', seed });
    const call = client(server);
    const answers: unknown[] = [];
    const record = (r: { status: number; body: any; headers: Headers }) => {
      const headers = Object.fromEntries([...r.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)));
      answers.push({ status: r.status, body: r.body, headers });
      return r;
    };
    const file = record(await call('POST', '/files', upload())).body;
    const job = record(await call('POST', '/fine_tuning/jobs', { model: 'gpt-4o-mini', training_file: file.id })).body;
    server.settle();
    const done = record(await call('GET', `/fine_tuning/jobs/${job.id}`)).body;
    record(await call('GET', `/fine_tuning/jobs/${job.id}/events?limit=100`));
    record(await call('GET', `/fine_tuning/jobs/${job.id}/checkpoints`));
    record(await call('POST', `/fine_tuning/checkpoints/${encodeURIComponent(done.fine_tuned_model)}/permissions`, { project_ids: ['proj_x'] }, true));
    record(await call('GET', `/files/${done.result_files[0]}/content`));
    record(await call('GET', '/fine_tuning/jobs/ftjob-missing'));
    await server.close();
    return answers;
  }

  it('answers the same, ids and headers included, on every run; another seed gives other ids', async () => {
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    const other = await run(8);
    expect((other[0] as { body: { id: string } }).body.id).not.toBe((first[0] as { body: { id: string } }).body.id);
    expect((first[1] as { body: { created_at: number } }).body.created_at).toBe(Date.UTC(2025, 0, 1) / 1000);
  });

  it('does not repeat ids after a restart on the same dataDir', async () => {
    const dataDir = tempDir();
    let server = await startLocalServer({ clock: 'manual', seed: 1, dataDir });
    const a = (await client(server)('POST', '/files', upload())).body;
    await server.close();
    server = await startLocalServer({ clock: 'manual', seed: 1, dataDir });
    const b = (await client(server)('POST', '/files', upload())).body;
    await server.close();
    expect(b.id).not.toBe(a.id);
    const fresh = await startLocalServer({ clock: 'manual', seed: 1 });
    expect((await client(fresh)('POST', '/files', upload())).body.id).toBe(a.id);
    await fresh.close();
  });
});
