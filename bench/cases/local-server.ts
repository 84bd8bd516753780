// The local server's cost: (1) the SDK against it versus raw fetch, both over loopback, and
// (2) the server's own routing + spec validation versus a bare node:http server answering the
// same bytes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FineTuning } from '../../dist/index.js';
import { startLocalServer } from '../../dist/testing.js';
import { interleave, type CaseResult } from '../lib.ts';

const N = 200;
const ROUNDS = 7;

export default async function (): Promise<CaseResult[]> {
  const server = await startLocalServer({ clock: 'manual' });
  const auth = { authorization: `Bearer ${server.apiKey}` };
  const jsonl = Array.from({ length: 10 }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `q${i}` },
        { role: 'assistant', content: `a${i}` },
      ],
    }),
  ).join('\n');
  const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
  const file = await ft.files.create({ file: jsonl, filename: 'b.jsonl', purpose: 'fine-tune' });
  const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
  const jobBody = JSON.stringify(await ft.jobs.retrieve(job.id));

  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(jobBody));
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1`;
  const createBody = JSON.stringify({
    model: 'gpt-4o-mini',
    training_file: file.id,
    hyperparameters: { n_epochs: 2 },
    metadata: { k: 'v' },
  });
  const post = (base: string) =>
    fetch(`${base}/fine_tuning/jobs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: createBody,
    }).then((r) => r.json());

  const retrieve = await interleave(ROUNDS, {
    fetch: async () => {
      for (let i = 0; i < N; i++)
        await (
          await fetch(`${server.baseUrl}/fine_tuning/jobs/${job.id}`, { headers: auth })
        ).json();
    },
    sdk: async () => {
      for (let i = 0; i < N; i++) await ft.jobs.retrieve(job.id);
    },
  });
  const create = await interleave(ROUNDS, {
    bare: async () => {
      for (let i = 0; i < N; i++) await post(bareUrl);
    },
    local: async () => {
      for (let i = 0; i < N; i++) await post(server.baseUrl);
    },
  });
  bare.closeAllConnections();
  await new Promise((resolve) => bare.close(resolve));
  await server.close();
  return [
    {
      name: `retrieve x${N} sequential vs local server`,
      unit: 'ms',
      baseline: retrieve.fetch!,
      sdk: retrieve.sdk!,
      ratio: retrieve.sdk! / retrieve.fetch!,
      note: 'baseline: raw fetch + JSON, same server',
    },
    {
      name: `local server: create job x${N} (validated)`,
      unit: 'ms',
      baseline: create.bare!,
      sdk: create.local!,
      ratio: create.local! / create.bare!,
      note: 'baseline: bare node:http answering fixed bytes; "sdk" = the local server',
    },
  ];
}
