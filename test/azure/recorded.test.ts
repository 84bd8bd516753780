// The Azure answers recorded from the real service (../shared/real-traffic/azure-sdk-assets__*),
// replayed to AzureFineTuning by a loopback server, and the same requests sent to the local
// server in Azure mode: statuses equal, and every field of a recorded body present in the local
// server's with the same type.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureFineTuning } from '../../src/azure/index.ts';
import { NotFoundError } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';

const DIR = fileURLToPath(new URL('../../../shared/real-traffic/', import.meta.url));
interface Exchange {
  method: string;
  path: string;
  query: string | null;
  status: number;
  response_body: unknown;
}
const load = (name: string): Exchange[] =>
  JSON.parse(readFileSync(`${DIR}azure-sdk-assets__${name}.json`, 'utf8')).exchanges;

/** A loopback server answering each request with the next recorded exchange, checking it matches. */
async function replay(
  exchanges: Exchange[],
): Promise<{ server: Server; origin: string; sent: string[] }> {
  const queue = [...exchanges];
  const sent: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const next = queue.shift();
      const url = new URL(req.url!, 'http://x');
      sent.push(`${req.method} ${url.pathname}?${url.searchParams}`);
      if (!next || next.method !== req.method || next.path !== url.pathname) {
        res.writeHead(599).end();
        return;
      }
      if (next.response_body === null) res.writeHead(next.status).end();
      else
        res
          .writeHead(next.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(next.response_body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent };
}

/** Every field of `recorded` is in `local` with the same JSON type (recursively for objects). */
function sameShape(recorded: unknown, local: unknown, at = '$'): string[] {
  const type = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (type(recorded) !== type(local))
    return [`${at}: ${type(recorded)} recorded, ${type(local)} local`];
  if (type(recorded) !== 'object') return [];
  return Object.entries(recorded as object).flatMap(([k, v]) =>
    sameShape(v, (local as Record<string, unknown>)[k], `${at}.${k}`),
  );
}

const create = load('net-FineTuningTests__CreateCancelDelete(null)');
const missing = load('net-FineTuningTests__DeleteFineTuningModel');
const pause = load('python-azure-ai-projects__test_finetuning_pause_job');

describe('recorded Azure answers, replayed to AzureFineTuning', () => {
  it('create (201 pending, -1), cancel, delete 204, file deleted twice, 404 notFound', async () => {
    // The recording's unprefixed GET (status 404, sent by the test without /openai) is not a call the SDK makes.
    const exchanges = create.filter((e) => e.path.startsWith('/openai/'));
    const { server, origin, sent } = await replay([...exchanges, missing[1]!]);
    try {
      const ft = new AzureFineTuning({
        endpoint: origin,
        apiKey: 'k',
        apiVersion: '2025-04-01-preview',
      });
      const file = await ft.files.create({
        file: new File(['{}'], 'f.jsonl'),
        purpose: 'fine-tune',
      });
      expect(file.status).toBe('pending');
      expect((await ft.files.retrieve(file.id)).status).toBe('processed');
      const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
      expect(job).toMatchObject({
        status: 'pending',
        hyperparameters: { n_epochs: -1, batch_size: -1 },
      });
      expect((await ft.jobs.cancel(job.id)).status).toBe('cancelled');
      expect((await ft.jobs.delete(job.id)).deleted).toBe(true);
      expect((await ft.files.delete(file.id)).deleted).toBe(true);
      expect((await ft.files.delete(file.id)).deleted).toBe(false);
      const notFound = await ft.jobs.retrieve('does-not-exist').catch((e: unknown) => e);
      expect(notFound).toBeInstanceOf(NotFoundError);
      expect(notFound).toMatchObject({ status: 404, code: 'notFound' });
      expect(sent.every((s) => s.includes('api-version=2025-04-01-preview'))).toBe(true);
    } finally {
      server.close();
    }
  });

  it('pausing is not finished: wait keeps waiting on a Foundry project endpoint', async () => {
    const running = pause[0]!;
    const { server, origin } = await replay([
      running,
      pause[1]!,
      running,
      running,
      running,
      running,
    ]);
    try {
      const ft = new AzureFineTuning({
        endpoint: `${origin}/api/projects/sanitized-project-name`,
        apiKey: 'k',
        apiVersion: '2025-11-15-preview',
      });
      expect((await ft.jobs.retrieve('sanitized-ftjob-id')).status).toBe('running');
      expect((await ft.jobs.pause('sanitized-ftjob-id')).status).toBe('pausing');
      await expect(
        ft.jobs.wait('sanitized-ftjob-id', { timeout: 50, pollInterval: 10 }),
      ).rejects.toMatchObject({ name: 'JobTimeoutError' });
    } finally {
      server.close();
    }
  });
});

describe('the Azure-mode local server answers as the recordings do', () => {
  let local: LocalServer;
  beforeAll(async () => {
    local = await startLocalServer({ azure: true, clock: 'manual' });
  });
  afterAll(() => local.close());

  it('in status and shape, request by request', async () => {
    const ft = new AzureFineTuning({
      endpoint: local.azure!.endpoint,
      apiKey: local.azure!.apiKey,
      apiVersion: '2025-04-01-preview',
    });
    const base = `${local.azure!.endpoint}`;
    const send = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}?api-version=2025-04-01-preview`, {
        method,
        headers: { 'api-key': local.azure!.apiKey, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    };
    // The upload itself is multipart: through the SDK, its answer compared with the recorded one.
    const uploaded = await ft.files
      .create({
        file: new File([TRAINING_JSONL], 'fine_tuning.jsonl'),
        purpose: 'fine-tune',
      })
      .withResponse();
    const problems: string[] = [];
    const compare = (e: Exchange, status: number, body: unknown) => {
      if (status !== e.status)
        problems.push(`${e.method} ${e.path}: ${status}, recorded ${e.status}`);
      problems.push(...sameShape(e.response_body, body).map((p) => `${e.method} ${e.path} ${p}`));
    };
    compare(create[0]!, uploaded.response.status, uploaded.data);
    const fileId = uploaded.data.id;
    local.advance(1);
    compare(
      create[1]!,
      ...(Object.values(await send('GET', `/openai/files/${fileId}`)) as [number, unknown]),
    );
    const job = await send('POST', '/openai/fine_tuning/jobs', {
      ...(create[2] as unknown as { request_body: object }).request_body,
      training_file: fileId,
    });
    compare(create[2]!, job.status, job.body);
    const id = (job.body as { id: string }).id;
    const cancel = await send('POST', `/openai/fine_tuning/jobs/${id}/cancel`);
    compare(create[3]!, cancel.status, cancel.body);
    const del = await send('DELETE', `/openai/fine_tuning/jobs/${id}`);
    compare(create[4]!, del.status, del.body);
    const gone = await send('GET', `/openai/fine_tuning/jobs/${id}`);
    compare(missing[1]!, gone.status, gone.body);
    const f1 = await send('DELETE', `/openai/files/${fileId}`);
    compare(create[6]!, f1.status, f1.body);
    const f2 = await send('DELETE', `/openai/files/${fileId}`);
    compare(create[7]!, f2.status, f2.body);
    expect(problems).toEqual([]);
  });
});
