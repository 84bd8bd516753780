// The local server's `complete`: the MD5 it computes while parts arrive (in the order their names
// give, else the order they were added) is a shortcut only. Whatever the order parts are sent in
// and their names, `complete` accepts the MD5 of exactly the parts it is given,
// in that order, refuses any other, and the File holds exactly those bytes: with a dataDir (the
// parts are linked into the File) and in memory.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { PartHashes, placeOf } from '../../src/testing/part-hashes.ts';

let dir: string;
const servers: Record<'disk' | 'memory', LocalServer> = {} as never;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ft-complete-'));
  servers.disk = await startLocalServer({ dataDir: join(dir, 'data') });
  servers.memory = await startLocalServer();
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function call(
  server: LocalServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.apiKey}`,
      ...(body instanceof FormData || body === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

async function addPart(
  server: LocalServer,
  uploadId: string,
  bytes: Uint8Array,
  name: string,
): Promise<string> {
  const form = new FormData();
  form.append('data', new Blob([bytes as BlobPart]), name);
  const res = await call(server, 'POST', `/uploads/${uploadId}/parts`, form);
  expect(res.status).toBe(200);
  return res.body.id as string;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

// How a part is named: no place, a name the server does not read, its true place, a wrong place.
const naming = fc.constantFrom('blob', 'part', 'right', 'wrong');

describe('the local server completes an Upload with the MD5 of its parts, in the order given', () => {
  for (const where of ['disk', 'memory'] as const) {
    it(`whatever the order the parts are sent in and their names (${where})`, async () => {
      const server = servers[where];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 6 }),
          fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
          fc.array(naming, { minLength: 6, maxLength: 6 }),
          fc.constantFrom('right', 'flipped', 'other order'),
          async (pieces, ranks, names, given) => {
            const whole = new Uint8Array(Buffer.concat(pieces));
            const upload = (
              await call(server, 'POST', '/uploads', {
                filename: 'p.jsonl',
                purpose: 'batch',
                bytes: whole.byteLength,
                mime_type: 'text/jsonl',
              })
            ).body;
            const order = pieces.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]! || a - b);
            const ids: string[] = [];
            for (const i of order) {
              const name = {
                blob: 'blob',
                part: 'part',
                right: `part-${i}`,
                wrong: `part-${(i + 1) % pieces.length}`,
              }[names[i]!];
              ids[i] = await addPart(server, upload.id, pieces[i]!, name);
            }
            const flipped = whole.map((b, i) => (i === 0 ? b ^ 1 : b));
            const reversed = new Uint8Array(Buffer.concat([...pieces].reverse()));
            const sum = { right: md5(whole), flipped: md5(flipped), 'other order': md5(reversed) }[
              given
            ];
            const done = await call(server, 'POST', `/uploads/${upload.id}/complete`, {
              part_ids: ids,
              md5: sum,
            });
            if (sum !== md5(whole)) {
              expect(done.status).toBe(400);
              expect(done.body.error.code).toBe('md5_mismatch');
              return;
            }
            expect(done.status).toBe(200);
            const content = await fetch(`${server.baseUrl}/files/${done.body.file.id}/content`, {
              headers: { authorization: `Bearer ${server.apiKey}` },
            });
            expect(Buffer.from(await content.arrayBuffer()).equals(Buffer.from(whole))).toBe(true);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('completes parts named in one order in another, when the MD5 is of that other order', async () => {
    const server = servers.disk;
    const a = new TextEncoder().encode('first part\n');
    const b = new TextEncoder().encode('second part\n');
    const upload = (
      await call(server, 'POST', '/uploads', {
        filename: 'p.jsonl',
        purpose: 'batch',
        bytes: a.byteLength + b.byteLength,
        mime_type: 'text/jsonl',
      })
    ).body;
    const first = await addPart(server, upload.id, a, 'part-0');
    const second = await addPart(server, upload.id, b, 'part-1');
    const named = md5(new Uint8Array(Buffer.concat([a, b])));
    expect(
      (
        await call(server, 'POST', `/uploads/${upload.id}/complete`, {
          part_ids: [second, first],
          md5: named,
        })
      ).body.error.code,
    ).toBe('md5_mismatch');
    const done = await call(server, 'POST', `/uploads/${upload.id}/complete`, {
      part_ids: [second, first],
      md5: md5(new Uint8Array(Buffer.concat([b, a]))),
    });
    expect(done.status).toBe(200);
    expect((await call(server, 'GET', `/files/${done.body.file.id}/content`)).body).toBe(
      'second part\nfirst part\n',
    );
  });

  it('answers a malformed md5 as an invalid value (not md5_mismatch), and the Upload stays pending', async () => {
    const server = servers.memory;
    const bytes = new TextEncoder().encode('one part\n');
    const upload = (
      await call(server, 'POST', '/uploads', {
        filename: 'm.jsonl',
        purpose: 'batch',
        bytes: bytes.byteLength,
        mime_type: 'text/jsonl',
      })
    ).body;
    const part = await addPart(server, upload.id, bytes, 'part-0');
    const notMd5 = fc
      .string({ maxLength: 40 })
      .filter((s) => !/^[0-9a-f]{32}$/i.test(s) && !/[\0-\x1f]/.test(s));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(notMd5, fc.constant(`${md5(bytes)}0`), fc.constant('z'.repeat(32))),
        async (value) => {
          const res = await call(server, 'POST', `/uploads/${upload.id}/complete`, {
            part_ids: [part],
            md5: value,
          });
          expect(res.status).toBe(400);
          expect(res.body.error).toMatchObject({ param: 'md5', code: 'invalid_value' });
          expect(res.body.error.message).toContain('hex MD5');
        },
      ),
      { numRuns: 40 },
    );
    // The upper-case digest is still a digest.
    const done = await call(server, 'POST', `/uploads/${upload.id}/complete`, {
      part_ids: [part],
      md5: md5(bytes).toUpperCase(),
    });
    expect(done.status).toBe(200);
  });

  it('links the parts into the File with a dataDir: no copy, readable after a restart, removed with the File', async () => {
    const dataDir = join(dir, 'linked');
    let server = await startLocalServer({ clock: 'manual', dataDir });
    const pieces = ['{"a":1}\n', '{"b":2}\n', '{"c":3}\n'].map((s) => new TextEncoder().encode(s));
    const whole = new Uint8Array(Buffer.concat(pieces));
    const upload = (
      await call(server, 'POST', '/uploads', {
        filename: 'l.jsonl',
        purpose: 'fine-tune',
        bytes: whole.byteLength,
        mime_type: 'text/jsonl',
      })
    ).body;
    const ids = [];
    for (const [i, piece] of pieces.entries())
      ids.push(await addPart(server, upload.id, piece, `part-${i}`));
    const done = (
      await call(server, 'POST', `/uploads/${upload.id}/complete`, {
        part_ids: ids,
        md5: md5(whole),
      })
    ).body;
    const fileId = done.file.id as string;
    expect(readdirSync(join(dataDir, 'files', fileId))).toEqual(['000000', '000001', '000002']);
    // The part files' own names were deleted once the completion was committed.
    expect(readdirSync(join(dataDir, 'parts'))).toEqual([]);
    await server.close();

    server = await startLocalServer({ clock: 'manual', dataDir });
    expect((await call(server, 'GET', `/files/${fileId}/content`)).body).toBe(
      new TextDecoder().decode(whole),
    );
    expect((await call(server, 'DELETE', `/files/${fileId}`)).body.deleted).toBe(true);
    // The next request commits, then the content is removed.
    await call(server, 'GET', '/files');
    expect(readdirSync(join(dataDir, 'files'))).not.toContain(fileId);
    await server.close();
  });
});

describe('PartHashes: the MD5 computed as parts arrive', () => {
  const spooled = (bytes: Uint8Array) => ({
    size: bytes.byteLength,
    chunks: async function* () {
      yield bytes;
    },
    discard: () => {},
  });
  const bytes = ['aa', 'bbb', 'c'].map((s) => new TextEncoder().encode(s));
  const whole = md5(new TextEncoder().encode('aabbbc'));

  it('is ready when the parts came out of order with their places, or in order without', async () => {
    const hashes = new PartHashes();
    for (const i of [2, 0, 1]) hashes.added('u1', `p${i}`, spooled(bytes[i]!), i);
    expect(await hashes.digest('u1', ['p0', 'p1', 'p2'])).toBe(whole);
    for (const i of [0, 1, 2]) hashes.added('u2', `p${i}`, spooled(bytes[i]!));
    expect(await hashes.digest('u2', ['p0', 'p1', 'p2'])).toBe(whole);
  });

  it('is not given when the guess was wrong, a place is missing or taken twice, or the Upload is gone', async () => {
    const hashes = new PartHashes();
    for (const i of [1, 0, 2]) hashes.added('u1', `p${i}`, spooled(bytes[i]!));
    expect(await hashes.digest('u1', ['p0', 'p1', 'p2'])).toBeUndefined();
    hashes.added('u2', 'p0', spooled(bytes[0]!), 0);
    hashes.added('u2', 'p2', spooled(bytes[2]!), 2);
    expect(await hashes.digest('u2', ['p0', 'p2'])).toBeUndefined();
    hashes.added('u3', 'p0', spooled(bytes[0]!), 0);
    hashes.added('u3', 'p0b', spooled(bytes[0]!), 0);
    expect(await hashes.digest('u3', ['p0'])).toBeUndefined();
    hashes.added('u4', 'p0', spooled(bytes[0]!), 0);
    hashes.forget('u4');
    expect(await hashes.digest('u4', ['p0'])).toBeUndefined();
    expect(placeOf('part-12')).toBe(12);
    expect([placeOf('part'), placeOf('part-'), placeOf('part-1x'), placeOf('blob')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
