// The local server's streaming multipart reader: whatever the chunk boundaries of the body, it
// gives the same fields and the exact file bytes as the platform's own parser (undici's formData).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFileStore } from '../../src/testing/file-store.ts';
import { MAX_PARTS, readMultipartStream, type SpooledFile } from '../../src/testing/multipart.ts';

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

describe('readMultipartStream refuses, in the API error shape', () => {
  const boundary = 'b0und';
  const contentType = `multipart/form-data; boundary=${boundary}`;
  const part = (disposition: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n${content}\r\n`;
  const encode = (text: string) => new TextEncoder().encode(text);

  it('a body that is not multipart, a field over 1 MB, a part without a name, too many parts', async () => {
    const read = (text: string, type = contentType) =>
      readMultipartStream(split(encode(text), [7]), type, () => store.spool(), LIMITS);
    await expect(read('{}', 'application/json')).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(
        /takes a multipart\/form-data body \(got 'application\/json'\)/,
      ),
    });
    await expect(
      read(`${part('form-data; name="purpose"', 'x'.repeat((1 << 20) + 1))}--${boundary}--\r\n`),
    ).rejects.toMatchObject({
      status: 400,
      param: 'purpose',
      message: expect.stringMatching(/larger than 1 MB; send file content as a file part/),
    });
    await expect(read(`${part('form-data', 'x')}--${boundary}--\r\n`)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/a part has no name/),
    });
    const many = Array.from({ length: MAX_PARTS + 1 }, (_, i) =>
      part(`form-data; name="f${i}"`, 'v'),
    ).join('');
    await expect(read(`${many}--${boundary}--\r\n`)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(new RegExp(`more than ${MAX_PARTS} parts`)),
    });
  });

  it('frees every spool it opened when it refuses', async () => {
    let opened = 0;
    let freed = 0;
    const counting = () => {
      const sink = store.spool();
      opened++;
      return {
        write: (chunk: Uint8Array) => sink.write(chunk),
        end: async () => {
          const content = await sink.end();
          return {
            ...content,
            chunks: () => content.chunks(),
            discard: () => {
              freed++;
              content.discard();
            },
          };
        },
        abort: () => {
          freed++;
          sink.abort();
        },
      };
    };
    // A whole file part, then a second one cut short.
    const text = `${part('form-data; name="a"; filename="a.jsonl"', 'aaaa')}--${boundary}\r\nContent-Disposition: form-data; name="b"; filename="b.jsonl"\r\n\r\nbbbb`;
    await expect(
      readMultipartStream(split(encode(text), [20, 90]), contentType, counting, LIMITS),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/ends before its closing boundary/),
    });
    expect(opened).toBe(2);
    expect(freed).toBe(2);
  });

  it('keeps a file name as sent, path and escaped quotes included', async () => {
    const text = `${part('form-data; name="file"; filename="dir/a%22b.jsonl"', 'x')}--${boundary}--\r\n`;
    const out = await readMultipartStream(
      split(encode(text), []),
      contentType,
      () => store.spool(),
      LIMITS,
    );
    expect((out.file as SpooledFile).name).toBe('dir/a"b.jsonl');
  });
});
