// The local server's dataDir: everything it holds survives a restart; a kill -9 in the middle of
// a load loses nothing it had answered 2xx; two servers on one dataDir are refused; a torn journal
// tail is dropped and a damaged journal is reported. And with a seed and a manual clock, the same
// requests get the same answers on every run.
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { spawnServerBin, TRAINING_JSONL } from '../helpers/local-server.ts';

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
  return async (
    method: string,
    path: string,
    body?: unknown,
    admin = false,
  ): Promise<{ status: number; body: any; headers: Headers }> => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${admin ? server.adminApiKey : server.apiKey}`,
    };
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

type Call = ReturnType<typeof client>;

/** Creates an Upload of `content`'s size (bytes are counted in UTF-8). */
async function createUpload(call: Call, content: string, filename = 'big.jsonl') {
  return call('POST', '/uploads', {
    filename,
    purpose: 'fine-tune',
    bytes: Buffer.byteLength(content),
    mime_type: 'text/jsonl',
  });
}

async function addPart(call: Call, uploadId: string, bytes: string | Uint8Array) {
  const form = new FormData();
  form.append('data', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]));
  return call('POST', `/uploads/${uploadId}/parts`, form);
}

/** Starts the CLI server on `dataDir` in a child process (so it can be killed with SIGKILL). */
async function spawnServer(dataDir: string) {
  return spawnServerBin(inject('serverBin'), [
    '--port',
    '0',
    '--data-dir',
    dataDir,
    '--step-ms',
    '5',
    '--validating-ms',
    '20',
    '--queued-ms',
    '20',
  ]);
}

/** Everything a client can read back, for comparing two servers' views. */
async function everything(server: LocalServer) {
  const call = client(server);
  const files = (await call('GET', '/files?order=asc')).body;
  const jobs = (await call('GET', '/fine_tuning/jobs?limit=100')).body;
  const perJob = [];
  for (const job of jobs.data) {
    const events = (await call('GET', `/fine_tuning/jobs/${job.id}/events?limit=100`)).body;
    const checkpoints = (await call('GET', `/fine_tuning/jobs/${job.id}/checkpoints?limit=100`))
      .body;
    const permissions = job.fine_tuned_model
      ? (
          await call(
            'GET',
            `/fine_tuning/checkpoints/${encodeURIComponent(job.fine_tuned_model)}/permissions`,
            undefined,
            true,
          )
        ).body
      : null;
    perJob.push({ events, checkpoints, permissions });
  }
  const contents = [];
  for (const file of files.data)
    contents.push((await call('GET', `/files/${file.id}/content`)).body);
  const legacy = (await call('GET', '/fine-tunes')).body;
  return { now: server.now(), files, contents, jobs, perJob, legacy };
}

/** The pid a dataDir's lock names (the lock is `<pid> <start time>`). */
const lockPid = (dataDir: string) =>
  Number(readFileSync(join(dataDir, 'lock'), 'utf8').split(' ')[0]);
/** Fields of /proc/<pid>/stat after the command name: state (field 3) and start time (22). */
const procFields = (pid: number) => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return [];
  }
};
const procState = (pid: number) => procFields(pid)[0];
const procStart = (pid: number) => procFields(pid)[19]!;
async function until(done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('dataDir', () => {
  it('keeps files, their content, jobs with their clock, events, checkpoints, permissions and legacy fine-tunes across a restart', async () => {
    const dataDir = tempDir();
    let server = await startLocalServer({ clock: 'manual', dataDir });
    let call = client(server);
    const file = (await call('POST', '/files', upload())).body;
    const other = (await call('POST', '/files', upload('gone.jsonl'))).body;
    expect((await call('DELETE', `/files/${other.id}`)).status).toBe(200);
    const done = (
      await call('POST', '/fine_tuning/jobs', {
        model: 'gpt-4o-mini',
        training_file: file.id,
        metadata: { team: 'a' },
        hyperparameters: { n_epochs: 3 },
      })
    ).body;
    server.settle();
    const finished = (await call('GET', `/fine_tuning/jobs/${done.id}`)).body;
    expect(finished.status).toBe('succeeded');
    const granted = await call(
      'POST',
      `/fine_tuning/checkpoints/${encodeURIComponent(finished.fine_tuned_model)}/permissions`,
      { project_ids: ['proj_a', 'b'] },
      true,
    );
    expect(granted.status).toBe(200);
    const running = (
      await call('POST', '/fine_tuning/jobs', {
        model: 'gpt-4.1-mini',
        training_file: file.id,
        hyperparameters: { n_epochs: 3 },
      })
    ).body;
    server.advance(1_000); // validated, queued, a few steps in
    const legacy = (await call('POST', '/fine-tunes', { training_file: file.id })).body;
    const before = await everything(server);
    expect(before.jobs.data.map((j: { id: string }) => j.id)).toEqual([running.id, done.id]);
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    call = client(server);
    expect(await everything(server)).toEqual(before);
    expect((await call('GET', `/files/${other.id}`)).status).toBe(404);
    expect(readdirSync(join(dataDir, 'files')).sort()).toEqual(
      before.files.data.map((f: { id: string }) => f.id).sort(),
    );
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

  it('keeps Uploads and the bytes of their parts across a restart: complete after it makes the right File; cancelled and completed ones stay so', async () => {
    const dataDir = tempDir();
    const partsDir = join(dataDir, 'parts');
    // Multi-byte characters, so a part boundary inside one would show as damaged text.
    const content = `${TRAINING_JSONL}{"messages":[{"role":"user","content":"é ü 😀"}]}\n`;
    const bytes = Buffer.from(content);
    // The second part ends inside the emoji's four bytes.
    const emoji = bytes.indexOf(Buffer.from('😀'));
    const pieces = [
      bytes.subarray(0, 100),
      bytes.subarray(100, emoji + 2),
      bytes.subarray(emoji + 2),
    ];
    let server = await startLocalServer({ clock: 'manual', dataDir });
    let call = client(server);
    const pending = (await createUpload(call, content)).body;
    const added: string[] = [];
    for (const piece of pieces.slice(0, 2)) {
      const part = await addPart(call, pending.id, piece);
      expect(part.status).toBe(200);
      added.push(part.body.id);
    }
    const cancelled = (await createUpload(call, 'abc')).body;
    expect((await addPart(call, cancelled.id, 'ab')).status).toBe(200);
    expect((await call('POST', `/uploads/${cancelled.id}/cancel`)).body.status).toBe('cancelled');
    const done = (await createUpload(call, TRAINING_JSONL, 'done.jsonl')).body;
    const donePart = (await addPart(call, done.id, TRAINING_JSONL)).body;
    const completed = (
      await call('POST', `/uploads/${done.id}/complete`, { part_ids: [donePart.id] })
    ).body;
    expect(completed.status).toBe('completed');
    // Only the pending Upload's parts are kept; the others' were deleted with their Upload.
    expect(readdirSync(partsDir).sort()).toEqual([...added].sort());
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    call = client(server);
    expect(readdirSync(partsDir).sort()).toEqual([...added].sort());
    const last = await addPart(call, pending.id, pieces[2]!);
    expect(last.status).toBe(200);
    // A part would overflow the declared size: the parts from before the restart are counted.
    expect((await addPart(call, pending.id, 'x')).body.error.message).toContain(
      `this part of 1 bytes would make ${Buffer.byteLength(content) + 1}`,
    );
    const finished = await call('POST', `/uploads/${pending.id}/complete`, {
      part_ids: [...added, last.body.id],
    });
    expect(finished.status).toBe(200);
    expect(finished.body.status).toBe('completed');
    expect(finished.body.file.bytes).toBe(bytes.byteLength);
    const res = await fetch(`${server.baseUrl}/files/${finished.body.file.id}/content`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(readdirSync(partsDir)).toEqual([]);
    // The cancelled one stays cancelled, the completed one completed (a re-sent complete gets it back).
    expect((await call('POST', `/uploads/${cancelled.id}/cancel`)).body).toEqual({
      ...cancelled,
      status: 'cancelled',
    });
    expect((await addPart(call, cancelled.id, 'ab')).body.error.code).toBe('upload_cancelled');
    expect(
      (await call('POST', `/uploads/${done.id}/complete`, { part_ids: [donePart.id] })).body,
    ).toEqual(completed);
    expect((await addPart(call, done.id, 'a')).body.error.code).toBe('upload_completed');
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    call = client(server);
    expect(
      (
        await call('POST', `/uploads/${pending.id}/complete`, {
          part_ids: [...added, last.body.id],
        })
      ).body,
    ).toEqual(finished.body);
    expect((await call('GET', '/files')).body.data.map((f: { id: string }) => f.id).sort()).toEqual(
      [completed.file.id, finished.body.file.id].sort(),
    );
    await server.close();
  });

  it('expires an Upload kept across a restart on the server clock, and then deletes its parts', async () => {
    const dataDir = tempDir();
    let server = await startLocalServer({ clock: 'manual', dataDir });
    let call = client(server);
    const upload = (await createUpload(call, 'abcdef')).body;
    const part = (await addPart(call, upload.id, 'abc')).body;
    server.advance(3_599_000);
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    call = client(server);
    // The clock carries on from where it stood: one second before the Upload expires.
    expect(Math.floor(server.now() / 1000)).toBe(upload.created_at + 3599);
    expect((await addPart(call, upload.id, 'de')).status).toBe(200);
    server.advance(1_000);
    const expired = await call('POST', `/uploads/${upload.id}/complete`, { part_ids: [part.id] });
    expect(expired.body.error.code).toBe('upload_expired');
    expect(readdirSync(join(dataDir, 'parts'))).toEqual([]);
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    expect((await addPart(client(server), upload.id, 'f')).body.error.code).toBe('upload_expired');
    await server.close();
  });

  it('deletes at start the part files no Upload names (a crash between writing them and the commit)', async () => {
    const dataDir = tempDir();
    let server = await startLocalServer({ dataDir });
    const call = client(server);
    const upload = (await createUpload(call, 'abcd')).body;
    const part = (await addPart(call, upload.id, 'ab')).body;
    await server.close();
    writeFileSync(join(dataDir, 'parts', 'part_stray'), 'xx');
    writeFileSync(join(dataDir, 'parts', `${part.id}.tmp`), 'xx');
    server = await startLocalServer({ dataDir });
    expect(readdirSync(join(dataDir, 'parts'))).toEqual([part.id]);
    expect(readFileSync(join(dataDir, 'parts', part.id), 'utf8')).toBe('ab');
    await server.close();
  });

  it('in memory (no dataDir), still completes an Upload from its parts in the order given', async () => {
    const server = await startLocalServer();
    const call = client(server);
    const upload = (await createUpload(call, 'abcd')).body;
    const a = (await addPart(call, upload.id, 'ab')).body;
    const b = (await addPart(call, upload.id, 'cd')).body;
    const done = (await call('POST', `/uploads/${upload.id}/complete`, { part_ids: [b.id, a.id] }))
      .body;
    expect((await call('GET', `/files/${done.file.id}/content`)).body).toBe('cdab');
    await server.close();
  });

  it('refuses a second server on the same dataDir, saying which holds it, and lets one in once it closed', async () => {
    const dataDir = tempDir();
    const first = await startLocalServer({ dataDir });
    await expect(startLocalServer({ dataDir })).rejects.toThrow(
      `dataDir ${dataDir} is in use by another local server (pid ${process.pid}, this process)`,
    );
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
    expect(lockPid(dataDir)).toBe(process.pid);
    await again.close();
  });

  it('takes over the lock of a killed server that is still a zombie (its parent has not reaped it)', async () => {
    const dataDir = tempDir();
    // sh starts the server in the background and becomes `sleep`, which never reaps it: after a
    // kill -9 the server stays a zombie, for which process.kill(pid, 0) still succeeds.
    const parent = spawn(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${inject('serverBin')}" --port 0 --data-dir "${dataDir}" >/dev/null 2>&1 & echo $!; exec sleep 60`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      const pid = Number(
        await new Promise<string>((resolve) =>
          parent.stdout!.once('data', (d: Buffer) => resolve(d.toString())),
        ),
      );
      await until(() => existsSync(join(dataDir, 'lock')) && lockPid(dataDir) === pid);
      expect(readFileSync(join(dataDir, 'lock'), 'utf8')).toMatch(new RegExp(`^${pid} \\d+$`));
      process.kill(pid, 'SIGKILL');
      await until(() => procState(pid) === 'Z');
      expect(() => process.kill(pid, 0)).not.toThrow();
      const again = await startLocalServer({ dataDir });
      expect(lockPid(dataDir)).toBe(process.pid);
      await again.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('takes over a lock whose pid now belongs to another program (another start time), refuses the live owner', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    // The parent of this process is alive, but it is not the server that wrote this lock.
    const start = procStart(process.ppid);
    writeFileSync(join(dataDir, 'lock'), `${process.ppid} ${Number(start) + 1}`);
    const again = await startLocalServer({ dataDir });
    expect(lockPid(dataDir)).toBe(process.pid);
    await again.close();
    // The same pid with its real start time is the live owner: refused, as is a lock of the
    // older form (a pid alone) naming a live process.
    for (const lock of [`${process.ppid} ${start}`, String(process.ppid)]) {
      writeFileSync(join(dataDir, 'lock'), lock);
      await expect(startLocalServer({ dataDir })).rejects.toThrow(
        `in use by another local server (pid ${process.ppid})`,
      );
    }
  });

  it('drops a torn last journal line (never answered) and reports damage anywhere else', async () => {
    const dataDir = tempDir();
    let server = await startLocalServer({ dataDir });
    const file = (await client(server)('POST', '/files', upload())).body;
    // Kill the server's state without closing it cleanly: the journal holds the upload.
    await server.close();
    appendFileSync(
      join(dataDir, 'state', 'journal.jsonl'),
      '{"r":[["files","file-torn",{"id":"file-to',
    );
    server = await startLocalServer({ dataDir });
    expect((await client(server)('GET', '/files')).body.data).toEqual([file]);
    const second = (await client(server)('POST', '/files', upload('b.jsonl'))).body;
    await server.close();
    server = await startLocalServer({ dataDir });
    expect((await client(server)('GET', '/files?order=asc')).body.data).toEqual([file, second]);
    await server.close();

    writeFileSync(join(dataDir, 'state', 'journal.jsonl'), 'not json\n{"r":[]}\n');
    await expect(startLocalServer({ dataDir })).rejects.toThrow(
      /journal\.jsonl line 1 is damaged .* Move the dataDir aside/,
    );
    // A refused start leaves the dataDir free.
    expect(readdirSync(dataDir)).not.toContain('lock');
  });

  it('loses no change it answered 2xx when killed with SIGKILL in the middle of a load', async () => {
    const dataDir = tempDir();
    const { child, baseUrl } = await spawnServer(dataDir);
    const call = client({ baseUrl, apiKey: 'sk-local-test', adminApiKey: 'sk-admin-local-test' });
    const seed = (await call('POST', '/files', upload())).body;
    // `deleting`: a deletion sent; until it is answered the file may be there or gone.
    const answered = {
      files: new Map<string, unknown>(),
      jobs: new Map<string, { status: string; created_at: number; metadata: unknown }>(),
      deleted: new Set<string>(),
      deleting: new Set<string>(),
    };
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
              answered.deleting.add(r.body.id);
              const d = await call('DELETE', `/files/${r.body.id}`);
              if (d.status === 200) answered.deleted.add(r.body.id);
            }
          } else {
            const r = await call('POST', '/fine_tuning/jobs', {
              model: 'gpt-4o-mini',
              training_file: seed.id,
              metadata: { w: String(w) },
            });
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
    expect(lockPid(dataDir)).toBe(child.pid);

    const server = await startLocalServer({ dataDir });
    try {
      const after = client(server);
      for (const [id, file] of answered.files) {
        const got = await after('GET', `/files/${id}`);
        if (answered.deleted.has(id)) expect(got.status, id).toBe(404);
        else if (answered.deleting.has(id) && got.status === 404) continue;
        else {
          expect(got.body, id).toEqual(file);
          expect((await after('GET', `/files/${id}/content`)).body).toEqual(
            (await after('GET', `/files/${seed.id}/content`)).body,
          );
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

  it('loses no Upload or part it answered 2xx when killed with SIGKILL in the middle of uploads', async () => {
    const dataDir = tempDir();
    const { child, baseUrl } = await spawnServer(dataDir);
    const call = client({ baseUrl, apiKey: 'sk-local-test', adminApiKey: 'sk-admin-local-test' });
    interface Sent {
      id: string;
      pieces: string[];
      parts: string[];
      completed?: unknown;
      cancelled?: boolean;
    }
    const sent: Sent[] = [];
    let count = 0;
    let killed = false;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const answered = () => {
      if (++count === 80) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    // Four clients at once: Uploads completed, left pending, or cancelled after one part, until the kill.
    const worker = async (w: number) => {
      for (let i = 0; i < 200 && !killed; i++) {
        try {
          const kind = (i + w) % 3;
          const pieces = [0, 1, 2].map((k) =>
            `w${w}-${i}-${k}:`.padEnd(2000 + 37 * k, String.fromCharCode(97 + ((w + i + k) % 26))),
          );
          const created = await createUpload(call, pieces.join(''));
          if (created.status !== 200) return;
          const upload: Sent = { id: created.body.id, pieces, parts: [] };
          sent.push(upload);
          answered();
          for (const piece of kind === 2 ? pieces.slice(0, 1) : pieces) {
            const part = await addPart(call, upload.id, piece);
            if (part.status !== 200) return;
            upload.parts.push(part.body.id);
            answered();
          }
          if (kind === 0) {
            const done = await call('POST', `/uploads/${upload.id}/complete`, {
              part_ids: upload.parts,
            });
            if (done.status === 200) upload.completed = done.body;
          } else if (kind === 2) {
            const cancel = await call('POST', `/uploads/${upload.id}/cancel`);
            if (cancel.status === 200) upload.cancelled = true;
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

    const server = await startLocalServer({ dataDir });
    try {
      const after = client(server);
      let completedAfter = 0;
      for (const upload of sent) {
        if (upload.cancelled) {
          expect((await after('POST', `/uploads/${upload.id}/cancel`)).body.status, upload.id).toBe(
            'cancelled',
          );
          continue;
        }
        if (upload.parts.length < 3) {
          // Its next part or its cancel may or may not have been written (not answered): the Upload is there.
          expect((await addPart(after, upload.id, '')).status, upload.id).not.toBe(404);
          continue;
        }
        // Every part answered: a complete (or a re-sent one) gives the File of exactly those bytes.
        const done = await after('POST', `/uploads/${upload.id}/complete`, {
          part_ids: upload.parts,
        });
        expect(done.status, upload.id).toBe(200);
        if (upload.completed) expect(done.body, upload.id).toEqual(upload.completed);
        else completedAfter++;
        expect((await after('GET', `/files/${done.body.file.id}/content`)).body, upload.id).toBe(
          upload.pieces.join(''),
        );
      }
      expect(sent.filter((u) => u.parts.length === 3).length).toBeGreaterThan(10);
      expect(completedAfter).toBeGreaterThan(0);
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
      const headers = Object.fromEntries(
        [...r.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)),
      );
      answers.push({ status: r.status, body: r.body, headers });
      return r;
    };
    const file = record(await call('POST', '/files', upload())).body;
    const job = record(
      await call('POST', '/fine_tuning/jobs', { model: 'gpt-4o-mini', training_file: file.id }),
    ).body;
    server.settle();
    const done = record(await call('GET', `/fine_tuning/jobs/${job.id}`)).body;
    record(await call('GET', `/fine_tuning/jobs/${job.id}/events?limit=100`));
    record(await call('GET', `/fine_tuning/jobs/${job.id}/checkpoints`));
    record(
      await call(
        'POST',
        `/fine_tuning/checkpoints/${encodeURIComponent(done.fine_tuned_model)}/permissions`,
        { project_ids: ['proj_x'] },
        true,
      ),
    );
    record(await call('GET', `/files/${done.result_files[0]}/content`));
    record(await call('GET', '/fine_tuning/jobs/ftjob-missing'));
    await server.close();
    return answers;
  }

  it('answers the same, ids and headers included, on every run; another seed gives other ids', async () => {
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    const other = await run(8);
    expect((other[0] as { body: { id: string } }).body.id).not.toBe(
      (first[0] as { body: { id: string } }).body.id,
    );
    expect((first[1] as { body: { created_at: number } }).body.created_at).toBe(
      Date.UTC(2025, 0, 1) / 1000,
    );
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
