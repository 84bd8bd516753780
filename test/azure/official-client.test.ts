// The official `openai` package's AzureOpenAI, an independent client, against the local server in
// Azure mode: files, jobs, lists (with pagination) and events over the dated API with `api-key`.
import { AzureOpenAI, toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';

let server: LocalServer;
let client: AzureOpenAI;
beforeAll(async () => {
  server = await startLocalServer({
    azure: true,
    timing: { validatingMs: 0, queuedMs: 0, stepMs: 0 },
  });
  client = new AzureOpenAI({
    endpoint: server.azure!.endpoint,
    apiKey: server.azure!.apiKey,
    apiVersion: server.azure!.apiVersion,
    maxRetries: 0,
  });
});
afterAll(() => server.close());

describe('the official AzureOpenAI client against the Azure-mode local server', () => {
  it('uploads a file, creates jobs, lists them page by page, reads events and checkpoints', async () => {
    const file = await client.files.create({
      file: await toFile(Buffer.from(TRAINING_JSONL), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    expect(file).toMatchObject({ object: 'file', status: 'pending', purpose: 'fine-tune' });
    expect((await client.files.retrieve(file.id)).id).toBe(file.id);

    const job = await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini-2024-07-18',
      training_file: file.id,
    });
    expect(job.status).toBe('pending');
    expect(job.hyperparameters.n_epochs).toBe(-1);
    await client.fineTuning.jobs.create({
      model: 'gpt-4o-mini-2024-07-18',
      training_file: file.id,
    });

    const ids: string[] = [];
    for await (const j of client.fineTuning.jobs.list({ limit: 1 })) ids.push(j.id);
    expect(ids).toHaveLength(2);
    expect(ids).toContain(job.id);

    const done = await client.fineTuning.jobs.retrieve(job.id);
    expect(done.status).toBe('succeeded');
    const events = [];
    for await (const e of client.fineTuning.jobs.listEvents(job.id, { limit: 3 })) events.push(e);
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((e) => e.object === 'fine_tuning.job.event')).toBe(true);
    const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data[0]?.object).toBe('fine_tuning.job.checkpoint');

    const files = await client.files.list();
    expect(files.data.map((f) => f.id)).toContain(file.id);
    expect((await client.files.delete(file.id)).deleted).toBe(true);
    expect((await client.files.delete(file.id)).deleted).toBe(false);
    // Every request went to /openai/… with the api-version.
    const paths = server.requests.map((r) => r.path);
    expect(paths.every((p) => p.startsWith('/openai/'))).toBe(true);
  });

  it('is refused without a key (401) and without api-version (404), as Azure does', async () => {
    const noKey = await fetch(`${server.azure!.endpoint}/openai/files?api-version=2024-10-21`);
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error.code).toBe('401');
    const wrong = new AzureOpenAI({
      endpoint: server.azure!.endpoint,
      apiKey: 'not-the-key',
      apiVersion: server.azure!.apiVersion,
      maxRetries: 0,
    });
    await expect(wrong.files.list()).rejects.toMatchObject({ status: 401 });
    const noVersion = await fetch(`${server.azure!.endpoint}/openai/files`, {
      headers: { 'api-key': server.azure!.apiKey },
    });
    expect(noVersion.status).toBe(404);
    expect(await noVersion.json()).toMatchObject({
      error: { code: '404', message: 'Resource not found' },
    });
    const badVersion = await fetch(`${server.azure!.endpoint}/openai/files?api-version=someday`, {
      headers: { 'api-key': server.azure!.apiKey },
    });
    expect(badVersion.status).toBe(400);
    // The ordinary /v1 paths are not served in Azure mode.
    const v1 = await fetch(`${server.azure!.endpoint}/v1/files`, {
      headers: { authorization: `Bearer ${server.azure!.apiKey}` },
    });
    expect(v1.status).toBe(404);
  });
});
