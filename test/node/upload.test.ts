// Uploads from disk and from streams against a real node:http server on 127.0.0.1 that records
// what arrives: the multipart body must hold the fields and the file's exact bytes.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import {
  InvalidTrainingDataError,
  uploadTrainingFile,
  validateTrainingFile,
} from '../../src/node/index.ts';
import { UnreadableTrainingDataError } from '../../src/training-data/index.ts';
import { chunked, fixture } from '../training-data/helpers.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let server: Server;
let received: Received[] = [];
let ft: FineTuning;
const uploaded = {
  object: 'file',
  id: 'file-abc',
  bytes: 1,
  created_at: 1721764800,
  filename: 'x.jsonl',
  purpose: 'fine-tune',
  status: 'processed',
};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    received.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: Buffer.concat(parts),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(uploaded));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  ft = new FineTuning({
    apiKey: 'sk-test',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
});

/** Parses a recorded multipart request with the platform's own parser. */
async function form(request: Received): Promise<FormData> {
  return new Response(new Uint8Array(request.body), {
    headers: { 'content-type': String(request.headers['content-type']) },
  }).formData();
}

describe('uploadTrainingFile', () => {
  it('validates, then uploads the file from disk with purpose fine-tune', async () => {
    const path = fixture('supervised-valid.jsonl');
    const result = await uploadTrainingFile(ft, path, { validate: { method: 'supervised' } });
    expect(result.file).toEqual(uploaded);
    expect(result.report?.valid).toBe(true);
    expect(received).toHaveLength(1);
    const [request] = received as [Received];
    expect([request.method, request.url, request.headers.authorization]).toEqual([
      'POST',
      '/v1/files',
      'Bearer sk-test',
    ]);
    const body = await form(request);
    expect(body.get('purpose')).toBe('fine-tune');
    const file = body.get('file') as File;
    expect(file.name).toBe('supervised-valid.jsonl');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(readFileSync(path));
  });

  it('uploads without validating unless asked, with a chosen name and expiry', async () => {
    const result = await uploadTrainingFile(ft, fixture('supervised-errors.jsonl'), {
      filename: 'renamed.jsonl',
      expires_after: { anchor: 'created_at', seconds: 3600 },
    });
    expect(result.report).toBeUndefined();
    const body = await form(received[0]!);
    expect((body.get('file') as File).name).toBe('renamed.jsonl');
    expect([body.get('expires_after[anchor]'), body.get('expires_after[seconds]')]).toEqual([
      'created_at',
      '3600',
    ]);
  });

  it('does not upload a file with errors and says where the first one is', async () => {
    const error = await uploadTrainingFile(ft, fixture('truncated.jsonl'), {
      validate: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTrainingDataError);
    const { report, message } = error as InvalidTrainingDataError;
    expect(report.errors.map((e) => e.code)).toEqual(['truncated_line']);
    expect(message).toMatch(
      /truncated\.jsonl was not uploaded: it has 1 error; first at line 15 \$: The last line is not complete JSON/,
    );
    expect(received).toHaveLength(0);
  });

  it('throws UnreadableTrainingDataError for a missing file or a directory, before any request', async () => {
    await expect(uploadTrainingFile(ft, fixture('nope.jsonl'))).rejects.toThrow(
      /uploadTrainingFile: cannot read .*nope\.jsonl: it does not exist\. Check the path\./,
    );
    await expect(validateTrainingFile(fixture(''), { method: 'supervised' })).rejects.toThrow(
      UnreadableTrainingDataError,
    );
    await expect(validateTrainingFile(fixture(''), { method: 'supervised' })).rejects.toThrow(
      /is not a regular file/,
    );
    expect(received).toHaveLength(0);
  });
});

describe('files.create with a stream', () => {
  it('streams the file part without buffering it and without a content-length', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('crlf.jsonl')));
    const file = await ft.files.create({
      file: chunked(bytes, 100),
      filename: 'streamed.jsonl',
      purpose: 'fine-tune',
      expires_after: { anchor: 'created_at', seconds: 7200 },
    });
    expect(file).toEqual(uploaded);
    const [request] = received as [Received];
    expect(request.headers['transfer-encoding']).toBe('chunked');
    expect(request.headers['content-length']).toBeUndefined();
    expect(request.headers['content-type']).toMatch(
      /^multipart\/form-data; boundary=----openai-fine-tuning-/,
    );
    const body = await form(request);
    expect(body.get('purpose')).toBe('fine-tune');
    expect(body.get('expires_after[seconds]')).toBe('7200');
    const part = body.get('file') as File;
    expect(part.name).toBe('streamed.jsonl');
    expect(part.type).toBe('application/jsonl');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes);
  });

  it("keeps the caller's headers next to the multipart content type", async () => {
    const stream = new Blob(['{"a":1}\n']).stream();
    await ft.files.create(
      { file: stream, purpose: 'fine-tune' },
      { headers: { 'x-trace': 't-1' } },
    );
    expect(received[0]!.headers['x-trace']).toBe('t-1');
    expect((await form(received[0]!)).get('file')).toBeInstanceOf(File);
  });
});
