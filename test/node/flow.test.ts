// The whole flow against the project's local API server: validate, upload streamed from disk (and
// from a web stream), create a job, and see it succeed with a model name.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { uploadTrainingFile } from '../../src/node/index.ts';
import { startLocalServer } from '../../src/testing/index.ts';
import { chunked, fixture } from '../training-data/helpers.ts';

let server: Awaited<ReturnType<typeof startLocalServer>>;
let ft: FineTuning;

beforeAll(async () => {
  server = await startLocalServer({ port: 0, clock: 'manual' });
  ft = new FineTuning({
    baseUrl: server.baseUrl,
    apiKey: server.apiKey,
    adminApiKey: server.adminApiKey,
  });
});
afterAll(() => server.close());

it('validates, uploads from disk, trains and names the model', async () => {
  const path = fixture('supervised-valid.jsonl');
  const { file, report } = await uploadTrainingFile(ft, path, {
    validate: { method: 'supervised', model: 'gpt-4o-mini-2024-07-18' },
  });
  expect(report?.valid).toBe(true);
  expect(file).toMatchObject({
    filename: 'supervised-valid.jsonl',
    purpose: 'fine-tune',
    bytes: readFileSync(path).length,
  });
  expect(await (await ft.files.content(file.id)).text()).toBe(readFileSync(path, 'utf8'));
  const job = await ft.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
  server.settle();
  const done = await ft.jobs.retrieve(job.id);
  expect(done.status).toBe('succeeded');
  expect(done.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:/);
});

it('uploads a web stream the server stores byte for byte', async () => {
  const bytes = new Uint8Array(readFileSync(fixture('preference-valid.jsonl')));
  const file = await ft.files.create({
    file: chunked(bytes, 333),
    filename: 'pairs.jsonl',
    purpose: 'fine-tune',
  });
  expect(file).toMatchObject({ filename: 'pairs.jsonl', bytes: bytes.length });
  expect(new Uint8Array(await (await ft.files.content(file.id)).arrayBuffer())).toEqual(bytes);
});
