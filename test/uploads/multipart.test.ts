// The local server's streaming multipart reader: whatever the chunk boundaries of the body, it
// gives the same fields and the exact file bytes as the platform's own parser (undici's formData).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFileStore } from '../../src/testing/file-store.ts';
import { readMultipartStream, type SpooledFile } from '../../src/testing/multipart.ts';

const LIMITS = { maxFileBytes: 1 << 20, describe: '1 MB' };
const store = new MemoryFileStore();

async function body(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const request = new Request('http://local/', { method: 'POST', body: form });
  return {
    bytes: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

async function* split(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.byteLength + 1)))].sort(
    (a, b) => a - b,
  )) {
    yield bytes.subarray(at, cut);
    at = cut;
  }
  yield bytes.subarray(at);
}

async function collect(file: SpooledFile): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of file.content.chunks()) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

describe('readMultipartStream', () => {
  it('reads fields and file bytes exactly, at any chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.string({ maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (data, purpose, cuts) => {
          const form = new FormData();
          form.append('purpose', purpose);
          form.append('expires_after[seconds]', '3600');
          form.append('file', new Blob([data]), 'train.jsonl');
          const { bytes, contentType } = await body(form);
          const out = await readMultipartStream(
            split(bytes, cuts),
            contentType,
            () => store.spool(),
            LIMITS,
          );
          const reference = await new Request('http://local/', {
            method: 'POST',
            headers: { 'content-type': contentType },
            body: bytes as BodyInit,
          }).formData();
          expect(out.purpose).toBe(reference.get('purpose'));
          expect(out.expires_after).toEqual({ seconds: '3600' });
          const file = out.file as SpooledFile;
          expect(file.name).toBe('train.jsonl');
          expect(file.content.size).toBe(data.byteLength);
          expect(await collect(file)).toEqual(data);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('holds a body that contains the boundary text without its CRLF as data', async () => {
    const form = new FormData();
    const tricky = '--not-the-boundary\r\n--\r\n\r\n';
    form.append('file', new Blob([tricky]), 'x.jsonl');
    const { bytes, contentType } = await body(form);
    const out = await readMultipartStream(
      split(bytes, [1, 2, 3, 50, 51]),
      contentType,
      () => store.spool(),
      LIMITS,
    );
    expect(new TextDecoder().decode(await collect(out.file as SpooledFile))).toBe(tricky);
  });

  it('rejects a file part over the limit, a body cut short, and a missing boundary, in the API error shape', async () => {
    const form = new FormData();
    form.append('data', new Blob([new Uint8Array(2000)]), 'part');
    const { bytes, contentType } = await body(form);
    const small = { maxFileBytes: 1000, describe: '1000 bytes' };
    await expect(
      readMultipartStream(split(bytes, []), contentType, () => store.spool(), small),
    ).rejects.toMatchObject({
      status: 400,
      param: 'data',
      message: expect.stringMatching(/larger than 1000 bytes/),
    });
    await expect(
      readMultipartStream(
        split(bytes.subarray(0, 500), []),
        contentType,
        () => store.spool(),
        LIMITS,
      ),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/ends before its closing boundary/),
    });
    await expect(
      readMultipartStream(split(bytes, []), 'multipart/form-data', () => store.spool(), LIMITS),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/names no boundary/) });
  });
});

describe('readMultipartStream, with data made of pieces of its own delimiter', () => {
  it('gives the exact file bytes at any chunk boundaries', async () => {
    const boundary = 'XyZ-boundary-42';
    const pieces = [
      '\r\n',
      '\r',
      '-',
      '--',
      `--${boundary}`,
      `\r\n--${boundary.slice(0, 5)}`,
      `\r\n--${boundary.slice(0, -1)}`,
      'x',
      'y',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...pieces), { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (picked, cuts) => {
          const data = picked.join('');
          // Data that holds a whole delimiter ends its part there: not a case of this property.
          fc.pre(`\r\n${data}\r\n--${boundary}`.indexOf(`\r\n--${boundary}`) === data.length + 2);
          const text = `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n${data}\r\n--${boundary}--\r\n`;
          const bytes = new TextEncoder().encode(text);
          const out = await readMultipartStream(
            split(bytes, cuts),
            `multipart/form-data; boundary=${boundary}`,
            () => store.spool(),
            LIMITS,
          );
          expect(out.purpose).toBe('fine-tune');
          expect(new TextDecoder().decode(await collect(out.file as SpooledFile))).toBe(data);
        },
      ),
      { numRuns: 300 },
    );
  });
});
