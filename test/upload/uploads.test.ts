// Uploads end to end against the local server (through a proxy that fails chosen requests):
// part boundaries, retried parts, a lost complete, abort, resume after a crash, expiry, MD5,
// invalid data, bad input, and the official `openai` package driving the same routes.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  BadRequestError,
  FineTuning,
  InvalidArgumentError,
  SourceChangedError,
  UploadExpiredError,
  UploadInterruptedError,
  type UploadResumeState,
} from '../../src/index.ts';
import { InvalidTrainingDataError, uploadFile, uploadTrainingFile } from '../../src/node/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { jsonl, startProxy, type UploadProxy } from './helpers.ts';

let server: LocalServer;
let proxy: UploadProxy;
let ft: FineTuning;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ft-uploads-'));
  server = await startLocalServer({ clock: 'manual', dataDir: join(dir, 'data') });
  proxy = await startProxy(server.baseUrl);
  ft = new FineTuning({
    baseUrl: proxy.baseUrl,
    apiKey: server.apiKey,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
  });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  proxy.fate = () => 'pass';
  proxy.seen.length = 0;
});

const parts = () => proxy.seen.filter((s) => s.method === 'POST' && s.path.endsWith('/parts'));
const content = async (id: string) => await (await ft.files.content(id)).text();
const DATA = jsonl(40);
const SIZE = new TextEncoder().encode(DATA).byteLength;
const big = { purpose: 'fine-tune' as const, threshold: 0, partSize: 1000 };

describe('files.upload: part boundaries', () => {
  it('sends a source of exactly one part as one part, and one byte over as two', async () => {
    const one = await ft.files.upload(new File([DATA], 'one.jsonl'), { ...big, partSize: SIZE });
    expect(parts()).toHaveLength(1);
    expect(await content(one.id)).toBe(DATA);
    proxy.seen.length = 0;
    const two = await ft.files.upload(new File([DATA], 'two.jsonl'), {
      ...big,
      partSize: SIZE - 1,
    });
    expect(parts()).toHaveLength(2);
    expect([two.bytes, two.filename, two.purpose]).toEqual([SIZE, 'two.jsonl', 'fine-tune']);
    expect(await content(two.id)).toBe(DATA);
  });

  it('sends an empty source and a small one through files.create, in one request', async () => {
    const empty = await ft.files.upload('', { purpose: 'fine-tune', filename: 'empty.jsonl' });
    expect(empty.bytes).toBe(0);
    const small = await ft.files.upload(new TextEncoder().encode(DATA), { purpose: 'fine-tune' });
    expect(await content(small.id)).toBe(DATA);
    expect(proxy.seen.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual([
      '/files',
      '/files',
    ]);
  });

  it('reads a stream of given length part by part and reports progress to the end', async () => {
    const seen: number[] = [];
    const file = await ft.files.upload(new Blob([DATA]).stream(), {
      ...big,
      bytes: SIZE,
      filename: 'stream.jsonl',
      onProgress: (p) => seen.push(p.bytesSent),
    });
    expect(await content(file.id)).toBe(DATA);
    expect(parts()).toHaveLength(Math.ceil(SIZE / 1000));
    expect(seen.at(-1)).toBe(SIZE);
  });
});

describe('files.upload: failures', () => {
  it('retries a part that fails twice, on its own', async () => {
    proxy.fate = (_method, path, n) => (path.endsWith('/parts') && n <= 2 ? 'fail' : 'pass');
    const file = await ft.files.upload(new File([DATA], 'retried.jsonl'), big);
    expect(await content(file.id)).toBe(DATA);
    expect(parts().filter((p) => p.fate === 'fail')).toHaveLength(2);
  });

  it('re-sends a complete whose answer was lost and gets the one File it made', async () => {
    proxy.fate = (_method, path, n) => (path.endsWith('/complete') && n === 1 ? 'lose' : 'pass');
    const before = (await ft.files.list({ limit: 100 })).data.length;
    const file = await ft.files.upload(new File([DATA], 'lost.jsonl'), big);
    expect(proxy.seen.filter((s) => s.path.endsWith('/complete')).map((s) => s.fate)).toEqual([
      'lose',
      'pass',
    ]);
    expect((await ft.files.list({ limit: 100 })).data.length).toBe(before + 1);
    expect(await content(file.id)).toBe(DATA);
  });

  it('does not re-send a create whose answer was lost, and says why', async () => {
    proxy.fate = (_method, path) => (path === '/uploads' ? 'lose' : 'pass');
    await expect(ft.files.upload(new File([DATA], 'x.jsonl'), big)).rejects.toThrow(
      /Not retried: the Upload may have been created/,
    );
    expect(proxy.seen.filter((s) => s.path === '/uploads')).toHaveLength(1);
  });

  it('cancels the Upload when aborted mid-upload', async () => {
    const controller = new AbortController();
    let id = '';
    const error = await ft.files
      .upload(new File([DATA], 'aborted.jsonl'), {
        ...big,
        concurrency: 1,
        signal: controller.signal,
        onPart: (s) => ((id = s.uploadId), controller.abort()),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(proxy.seen.some((s) => s.path === `/uploads/${id}/cancel`)).toBe(true);
    await expect(ft.uploads.addPart(id, 'x')).rejects.toThrow(/is cancelled/);
  });

  it('keeps a resumable Upload after a crash, and resume sends only the missing parts', async () => {
    proxy.fate = (_method, path, n) => (path.endsWith('/parts') && n >= 3 ? 'fail' : 'pass');
    const saved: UploadResumeState[] = [];
    const error = (await ft.files
      .upload(new File([DATA], 'resumed.jsonl'), {
        ...big,
        concurrency: 1,
        maxRetries: 0,
        resumable: true,
        onPart: (s) => saved.push(s),
      })
      .catch((e: unknown) => e)) as UploadInterruptedError;
    expect(error).toBeInstanceOf(UploadInterruptedError);
    expect(error.resume?.parts.filter(Boolean)).toHaveLength(2);
    expect(saved.at(-1)?.parts.filter(Boolean)).toHaveLength(2);
    proxy.fate = () => 'pass';
    proxy.seen.length = 0;
    const file = await ft.files.upload(new File([DATA], 'resumed.jsonl'), {
      purpose: 'fine-tune',
      resume: saved.at(-1)!,
    });
    expect(parts()).toHaveLength(Math.ceil(SIZE / 1000) - 2);
    expect(await content(file.id)).toBe(DATA);
  });

  it('fails resuming an expired Upload with UploadExpiredError', async () => {
    const state = await new Promise<UploadResumeState>((resolve, reject) => {
      const controller = new AbortController();
      ft.files
        .upload(new File([DATA], 'old.jsonl'), {
          ...big,
          concurrency: 1,
          resumable: true,
          signal: controller.signal,
          onPart: (s) => (resolve(s), controller.abort()),
        })
        .catch((e: unknown) => (e instanceof UploadInterruptedError ? undefined : reject(e)));
    });
    server.advance(3600_000);
    const error = await ft.files
      .upload(new File([DATA], 'old.jsonl'), { purpose: 'fine-tune', resume: state })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadExpiredError);
    expect((error as Error).message).toMatch(
      /has expired .* Upload the file again without `resume`/,
    );
  });

  it('rejects a complete whose md5 does not match the parts, and makes no File', async () => {
    const upload = await ft.uploads.create({
      filename: 'md5.jsonl',
      purpose: 'fine-tune',
      bytes: SIZE,
      mime_type: 'text/jsonl',
    });
    const part = await ft.uploads.addPart(upload.id, DATA);
    const error = await ft.uploads
      .complete(upload.id, { part_ids: [part.id], md5: '0'.repeat(32) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toBe('md5_mismatch');
    const files = (await ft.files.list({ limit: 100 })).data;
    expect(files.some((f) => f.filename === 'md5.jsonl')).toBe(false);
  });
});

describe('maxMemory', () => {
  it('fits the default parts and concurrency in it: 1 MB parts, one in flight, in 2 MB', async () => {
    const MB = 2 ** 20;
    const text = jsonl(3000, 1200);
    expect(text.length).toBeGreaterThan(3 * MB);
    const totals: Array<number | undefined> = [];
    const file = await ft.files.upload(new File([text], 'fitted.jsonl'), {
      purpose: 'fine-tune',
      threshold: 0,
      maxMemory: 2 * MB,
      onProgress: (p) => totals.push(p.partsTotal),
    });
    expect(parts()).toHaveLength(4);
    expect(totals.at(-1)).toBe(4);
    expect(await content(file.id)).toBe(text);
  });
});

describe('bad input, before any byte is sent', () => {
  const file = new File([DATA], 'bad.jsonl');
  it.each([
    [{ ...big, partSize: 64 * 1024 * 1024 + 1 }, /partSize.*64 MB/],
    [{ ...big, partSize: 1.5 }, /partSize.*whole number/],
    [{ ...big, partSize: 0 }, /partSize/],
    [{ ...big, concurrency: 0 }, /concurrency/],
    [{ ...big, maxMemory: 1000 }, /maxMemory.*at least 2097152/],
    [
      { ...big, partSize: 2 ** 20, concurrency: 4, maxMemory: 2 * 2 ** 20 },
      /over `maxMemory` 2097152.*Leave `partSize` or `concurrency` out/,
    ],
    [{ ...big, purpose: 'user_data' as const }, /Uploads API does not take purpose "user_data"/],
    [
      {
        purpose: 'fine-tune' as const,
        resume: {
          uploadId: 'upload_x',
          bytes: 5,
          partSize: 1000,
          filename: 'bad.jsonl',
          parts: [],
        },
      },
      /another file/,
    ],
  ])('%o', async (options, message) => {
    await expect(ft.files.upload(file, options)).rejects.toThrow(InvalidArgumentError);
    await expect(ft.files.upload(file, options)).rejects.toThrow(message);
    expect(proxy.seen).toHaveLength(0);
  });

  it('refuses a source over 8 GB', async () => {
    const stream = new ReadableStream<Uint8Array>();
    await expect(
      ft.files.upload(stream, { purpose: 'fine-tune', bytes: 9 * 1024 ** 3 }),
    ).rejects.toThrow(/at most 8 GB/);
    expect(proxy.seen).toHaveLength(0);
  });
});

describe('uploadFile and uploadTrainingFile (from disk)', () => {
  it('uploads a file in parts with its MD5, and the server checks it', async () => {
    const path = join(dir, 'disk.jsonl');
    writeFileSync(path, DATA);
    const file = await uploadFile(ft, path, big);
    expect(await content(file.id)).toBe(DATA);
    expect(parts()).toHaveLength(Math.ceil(SIZE / 1000));
  });

  it('retries a part from disk on its own: the first attempt sends the bytes read, a retry reads them again', async () => {
    const path = join(dir, 'retried.jsonl');
    writeFileSync(path, DATA);
    proxy.fate = (_method, path, n) => (path.endsWith('/parts') && n <= 2 ? 'fail' : 'pass');
    const file = await uploadFile(ft, path, big);
    expect(await content(file.id)).toBe(DATA);
    expect(parts().filter((p) => p.fate === 'fail')).toHaveLength(2);
  });

  it('does not complete a file rewritten between a part and its retry: SourceChangedError, and the Upload is cancelled', async () => {
    const path = join(dir, 'rewritten.jsonl');
    writeFileSync(path, DATA);
    proxy.fate = (_method, p, n) => {
      if (!p.endsWith('/parts') || n !== 1) return 'pass';
      // Same size, other bytes: only the MD5 can tell.
      writeFileSync(path, DATA.replace(/Question/g, 'Qvestion'));
      return 'fail';
    };
    const error = await uploadFile(ft, path, { ...big, concurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceChangedError);
    expect((error as Error).message).toMatch(
      /rewritten\.jsonl changed while it was read \(it was written to;/,
    );
    expect(proxy.seen.some((s) => s.path.endsWith('/cancel'))).toBe(true);
  });

  it('cancels the Upload when aborted mid-upload, with the next part already read', async () => {
    const path = join(dir, 'aborted-disk.jsonl');
    writeFileSync(path, DATA);
    const controller = new AbortController();
    let id = '';
    const error = await uploadFile(ft, path, {
      ...big,
      concurrency: 1,
      signal: controller.signal,
      onPart: (s) => ((id = s.uploadId), controller.abort()),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(proxy.seen.some((s) => s.path === `/uploads/${id}/cancel`)).toBe(true);
    expect(parts()).toHaveLength(1);
  });

  it('fails with SourceChangedError when the file grows while read, and cancels the Upload', async () => {
    const path = join(dir, 'growing.jsonl');
    writeFileSync(path, DATA);
    const error = await uploadFile(ft, path, {
      ...big,
      concurrency: 1,
      onPart: () => appendFileSync(path, 'more\n'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceChangedError);
    expect(proxy.seen.some((s) => s.path.endsWith('/cancel'))).toBe(true);
  });

  it('validates in the same read and completes valid data', async () => {
    const path = join(dir, 'valid.jsonl');
    writeFileSync(path, DATA);
    const { file, report } = await uploadTrainingFile(ft, path, {
      ...big,
      validate: { method: 'supervised' },
    });
    expect(report?.valid).toBe(true);
    expect(report?.counts.examples).toBe(40);
    expect(await content(file.id)).toBe(DATA);
  });

  it('cancels the Upload of invalid data and reports why', async () => {
    const path = join(dir, 'invalid.jsonl');
    writeFileSync(path, `${DATA}{"messages": [}\n`);
    const error = await uploadTrainingFile(ft, path, { ...big, validate: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidTrainingDataError);
    expect((error as InvalidTrainingDataError).report.valid).toBe(false);
    expect(proxy.seen.some((s) => s.path.endsWith('/cancel'))).toBe(true);
    expect(proxy.seen.some((s) => s.path.endsWith('/complete'))).toBe(false);
  });

  it('does not send invalid small data at all', async () => {
    const path = join(dir, 'invalid-small.jsonl');
    writeFileSync(path, '{"messages": [}\n');
    await expect(uploadTrainingFile(ft, path, { validate: true })).rejects.toThrow(
      InvalidTrainingDataError,
    );
    expect(proxy.seen).toHaveLength(0);
  });
});

describe('the official openai package against the local server', () => {
  it('creates an Upload, adds parts, completes it into a File', async () => {
    const client = new OpenAI({ baseURL: server.baseUrl, apiKey: server.apiKey, maxRetries: 0 });
    const bytes = Buffer.from(DATA);
    const upload = await client.uploads.create({
      filename: 'official.jsonl',
      purpose: 'fine-tune',
      bytes: bytes.byteLength,
      mime_type: 'text/jsonl',
    });
    expect(upload.status).toBe('pending');
    const half = Math.floor(bytes.byteLength / 2);
    const a = await client.uploads.parts.create(upload.id, {
      data: await toFile(bytes.subarray(0, half), 'a'),
    });
    const b = await client.uploads.parts.create(upload.id, {
      data: await toFile(bytes.subarray(half), 'b'),
    });
    const done = await client.uploads.complete(upload.id, { part_ids: [a.id, b.id] });
    expect(done.status).toBe('completed');
    expect(await (await client.files.content(done.file!.id)).text()).toBe(DATA);
    const other = await client.uploads.create({
      filename: 'x.jsonl',
      purpose: 'fine-tune',
      bytes: 10,
      mime_type: 'text/jsonl',
    });
    expect((await client.uploads.cancel(other.id)).status).toBe('cancelled');
    await expect(client.uploads.complete(upload.id, { part_ids: [b.id, a.id] })).rejects.toThrow(
      /completed/,
    );
  });
});
