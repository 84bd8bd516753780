// One way of uploading (or validating) a file, in a fresh process, for bench/cases/uploads.ts:
// prints its wall time and peak RSS.
import { createReadStream, openAsBlob } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import OpenAI from 'openai';
import { FineTuning } from '../dist/index.js';
import { uploadFile, uploadTrainingFile, validateTrainingFile } from '../dist/node.js';

const [mode, path, baseUrl, apiKey] = process.argv.slice(2) as [string, string, string, string];
const PART = 64 * 2 ** 20;
const ft = new FineTuning({ baseUrl, apiKey, timeout: 600_000 });
const started = performance.now();

if (mode === 'floor') {
  // The least any client does: the file streamed from disk in one multipart request.
  const form = new FormData();
  form.append('purpose', 'fine-tune');
  form.append('file', await openAsBlob(path), basename(path));
  const res = await fetch(`${baseUrl}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}` },
    body: form,
  });
  if (!res.ok) throw new Error(`floor: ${res.status} ${await res.text()}`);
} else if (mode === 'openai-files') {
  const client = new OpenAI({ baseURL: baseUrl, apiKey, timeout: 600_000 });
  await client.files.create({ file: createReadStream(path), purpose: 'fine-tune' });
} else if (mode === 'openai-uploads') {
  // The official package's uploads endpoints in a plain loop: one 64 MB part at a time.
  const client = new OpenAI({ baseURL: baseUrl, apiKey, timeout: 600_000 });
  const handle = await open(path);
  const { size } = await handle.stat();
  const upload = await client.uploads.create({
    filename: basename(path),
    purpose: 'fine-tune',
    bytes: size,
    mime_type: 'text/jsonl',
  });
  const ids: string[] = [];
  for (let at = 0; at < size; at += PART) {
    const buffer = Buffer.alloc(Math.min(PART, size - at));
    await handle.read(buffer, 0, buffer.byteLength, at);
    ids.push(
      (await client.uploads.parts.create(upload.id, { data: new File([buffer], 'part') })).id,
    );
  }
  await handle.close();
  await client.uploads.complete(upload.id, { part_ids: ids });
} else if (mode === 'idle') {
  // The same modules loaded, nothing sent: what the uploads' RSS growth is measured from.
} else if (mode === 'uploadFile') {
  await uploadFile(ft, path);
} else if (mode === 'one-request' || mode === 'in-parts') {
  // The same file through files.create in one request, or as an Upload in parts: where the
  // default threshold comes from.
  await uploadFile(ft, path, { threshold: mode === 'one-request' ? Number.MAX_SAFE_INTEGER : 0 });
} else if (mode === 'validate') {
  const report = await validateTrainingFile(path, { method: 'supervised' });
  if (!report.valid) throw new Error('expected a valid file');
} else if (mode === 'validate-then-upload') {
  const report = await validateTrainingFile(path, { method: 'supervised' });
  if (!report.valid) throw new Error('expected a valid file');
  await uploadFile(ft, path);
} else if (mode === 'one-pass') {
  const { report } = await uploadTrainingFile(ft, path, { validate: { method: 'supervised' } });
  if (!report?.valid) throw new Error('expected a valid file');
} else throw new Error(`unknown mode ${mode}`);

const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    ms: performance.now() - started,
    peakMB: process.resourceUsage().maxRSS / 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
