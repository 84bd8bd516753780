// What durability costs per request: the local server with a dataDir (every change journaled and
// fsynced before the answer) against the same server in memory, over the same loopback, in
// interleaved rounds. Rows: a change per request (create job, upload file) and a read (no write).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '../../dist/testing.js';
import { interleave, type CaseResult } from '../lib.ts';

const N = 100;
const ROUNDS = 5;

export default async function (): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ft-bench-durable-'));
  const memory = await startLocalServer({ clock: 'manual' });
  const durable = await startLocalServer({ clock: 'manual', dataDir: dir });
  const jsonl = Array.from({ length: 10 }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `q${i}` },
        { role: 'assistant', content: `a${i}` },
      ],
    }),
  ).join('\n');
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const upload = async (server: typeof memory) => {
    const form = new FormData();
    form.append('purpose', 'fine-tune');
    form.append('file', new Blob([jsonl]), 'b.jsonl');
    return (await (
      await fetch(`${server.baseUrl}/files`, {
        method: 'POST',
        headers: auth(server.apiKey),
        body: form,
      })
    ).json()) as { id: string };
  };
  const files = { memory: (await upload(memory)).id, durable: (await upload(durable)).id };
  const create = (server: typeof memory, file: string) =>
    fetch(`${server.baseUrl}/fine_tuning/jobs`, {
      method: 'POST',
      headers: { ...auth(server.apiKey), 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        training_file: file,
        hyperparameters: { n_epochs: 2 },
        metadata: { k: 'v' },
      }),
    }).then((r) => r.json());
  const firstJob = {
    memory: (await create(memory, files.memory)) as { id: string },
    durable: (await create(durable, files.durable)) as { id: string },
  };
  const retrieve = (server: typeof memory, id: string) =>
    fetch(`${server.baseUrl}/fine_tuning/jobs/${id}`, { headers: auth(server.apiKey) }).then((r) =>
      r.json(),
    );

  const creates = await interleave(ROUNDS, {
    memory: async () => {
      for (let i = 0; i < N; i++) await create(memory, files.memory);
    },
    durable: async () => {
      for (let i = 0; i < N; i++) await create(durable, files.durable);
    },
  });
  const uploads = await interleave(ROUNDS, {
    memory: async () => {
      for (let i = 0; i < N; i++) await upload(memory);
    },
    durable: async () => {
      for (let i = 0; i < N; i++) await upload(durable);
    },
  });
  const reads = await interleave(ROUNDS, {
    memory: async () => {
      for (let i = 0; i < N; i++) await retrieve(memory, firstJob.memory.id);
    },
    durable: async () => {
      for (let i = 0; i < N; i++) await retrieve(durable, firstJob.durable.id);
    },
  });
  await memory.close();
  await durable.close();
  rmSync(dir, { recursive: true, force: true });
  const row = (name: string, r: Record<string, number>, note: string): CaseResult => ({
    name,
    unit: 'ms',
    baseline: r.memory!,
    sdk: r.durable!,
    ratio: r.durable! / r.memory!,
    note: `baseline: the same server in memory; "sdk" = with dataDir; ${note}; +${((r.durable! - r.memory!) / N).toFixed(2)} ms per request`,
  });
  return [
    row(`local server dataDir: create job x${N}`, creates, 'one journal line fsynced per request'),
    row(
      `local server dataDir: upload file x${N}`,
      uploads,
      'content file and journal line fsynced',
    ),
    row(`local server dataDir: retrieve job x${N}`, reads, 'nothing changed, nothing written'),
  ];
}
