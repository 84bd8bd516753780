// `openai-ft` as people run it: a fresh Node process per command. Baselines in the same rounds:
// a bare `node` start, and a raw-fetch script making the same request as `jobs list` (#32: both
// within 1.3x). `--version` is answered before the argument parser loads; `--help` loads every
// command's declarations, so it is shown against the same bare start.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type UserConfig } from 'tsdown';
import configs from '../../tsdown.config.ts';
import { interleave, type CaseResult } from '../lib.ts';

const run = promisify(execFile);

export default async function cliCase(): Promise<CaseResult[]> {
  const outDir = await mkdtemp(join(tmpdir(), 'openai-ft-bench-'));
  const jobs = Array.from({ length: 20 }, (_, i) => ({
    id: `ftjob-${i}`,
    object: 'fine_tuning.job',
    model: 'gpt-4o-mini',
    status: 'succeeded',
    created_at: 1_700_000_000 + i,
    fine_tuned_model: null,
  }));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
    res.end(JSON.stringify({ object: 'list', data: jobs, has_more: false }));
  });
  try {
    const cli = (configs as UserConfig[]).find(
      (c) => typeof c.entry === 'object' && 'cli' in (c.entry as object),
    )!;
    await build({ ...cli, outDir, config: false, logLevel: 'warn' });
    const bin = join(outDir, 'cli.mjs');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const env = {
      PATH: process.env.PATH,
      OPENAI_API_KEY: 'sk-bench-0000000000',
      OPENAI_BASE_URL: baseUrl,
    };
    const raw = `const r = await fetch('${baseUrl}/fine_tuning/jobs?limit=20', { headers: { authorization: 'Bearer x' } }); const b = await r.json(); for (const j of b.data) console.log(j.id, j.status);`;
    const node = (args: string[]) => () => run(process.execPath, args, { env });
    const start = await interleave(10, {
      node: node(['-e', '0']),
      cli: node([bin, '--version']),
      help: node([bin, '--help']),
    });
    const list = await interleave(10, {
      fetch: node(['--input-type=module', '-e', raw]),
      cli: node([bin, 'jobs', 'list']),
    });
    const size = (await stat(bin)).size / 1024;
    return [
      {
        name: 'openai-ft --version (process start)',
        unit: 'ms',
        baseline: start.node!,
        sdk: start.cli!,
        ratio: start.cli! / start.node!,
        note: `baseline: node -e 0; dist/cli.mjs is ${size.toFixed(1)} KiB: commander and each command load on use; target <= 1.3x`,
      },
      {
        name: 'openai-ft --help (every command declared)',
        unit: 'ms',
        baseline: start.node!,
        sdk: start.help!,
        ratio: start.help! / start.node!,
        note: 'baseline: node -e 0 (the same rounds as --version)',
      },
      {
        name: 'openai-ft jobs list (1 request, 20 jobs)',
        unit: 'ms',
        baseline: list.fetch!,
        sdk: list.cli!,
        ratio: list.cli! / list.fetch!,
        note: 'baseline: a node script with raw fetch printing the same ids; target <= 1.3x',
      },
    ];
  } finally {
    server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
