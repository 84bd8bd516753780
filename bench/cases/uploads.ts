// Large uploads against the local server with dataDir, on a generated JSONL file (1 GB; set
// BENCH_UPLOAD_MB to change it) in a temp dir that is deleted afterwards. Every contender runs in
// a fresh client process against a fresh server process, so each side's peak RSS is its own.
// Rows: wall time against the floor (raw fetch, the file streamed in one request), client peak
// RSS, server RSS growth (peak minus idle), and validate-and-upload against validating alone.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from '../lib.ts';

const TARGET_MB = Number(process.env.BENCH_UPLOAD_MB ?? 1024);

async function generate(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  const words = 'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches'.split(' ');
  for (let i = 0, written = 0; written < bytes; i++) {
    const text = Array.from({ length: 20 + (i % 80) }, (_, k) => words[(i * 31 + k * 7) % words.length]).join(' ');
    const line = `${JSON.stringify({ messages: [{ role: 'user', content: `Question ${i}: ${text}?` }, { role: 'assistant', content: `Answer ${i}: ${text.slice(0, 200)}.` }] })}\n`;
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Run {
  ms: number;
  clientMB: number;
  serverGrowthMB: number;
}

const script = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

async function run(mode: string, path: string, dir: string): Promise<Run> {
  const dataDir = join(dir, `data-${mode}`);
  mkdirSync(dataDir);
  const server = spawn(process.execPath, ['--import', 'tsx', script('uploads-server.ts'), dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
  const { baseUrl, apiKey, idleMB } = JSON.parse((await lines.next()).value as string) as { baseUrl: string; apiKey: string; idleMB: number };
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', script('uploads-client.ts'), mode, path, baseUrl, apiKey], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const client = JSON.parse(out) as { ms: number; peakMB: number };
    server.stdin!.write('rss\n');
    const { peakMB } = JSON.parse((await lines.next()).value as string) as { peakMB: number };
    return { ms: client.ms, clientMB: client.peakMB, serverGrowthMB: peakMB - idleMB };
  } finally {
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function uploads(): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-uploads-'));
  try {
    const path = join(dir, 'train.jsonl');
    await generate(path, TARGET_MB * 2 ** 20);
    const gb = `${(statSync(path).size / 2 ** 30).toFixed(2)} GB`;
    const r: Record<string, Run> = {};
    for (const mode of ['floor', 'uploadFile', 'openai-files', 'openai-uploads', 'validate', 'one-pass', 'validate-then-upload']) {
      process.stderr.write(`  uploads: ${mode}…\n`);
      r[mode] = await run(mode, path, dir);
    }
    const pick = (key: keyof Run, modes: string[]) => Object.fromEntries(modes.map((m) => [m, r[m]![key]]));
    const others = ['openai-files', 'openai-uploads'];
    return [
      {
        name: `upload ${gb}: wall time`,
        unit: 'ms',
        baseline: r.floor!.ms,
        sdk: r.uploadFile!.ms,
        ratio: r.uploadFile!.ms / r.floor!.ms,
        others: pick('ms', others),
        note: 'baseline: raw fetch, file streamed in one request; sdk: uploadFile (parts); target <= 1x',
      },
      {
        name: `upload ${gb}: client peak RSS`,
        unit: 'MB',
        baseline: r.floor!.clientMB,
        sdk: r.uploadFile!.clientMB,
        ratio: r.uploadFile!.clientMB / r.floor!.clientMB,
        others: pick('clientMB', others),
        note: 'each in a fresh process',
      },
      {
        name: `upload ${gb}: server RSS growth`,
        unit: 'MB',
        baseline: r.floor!.serverGrowthMB,
        sdk: r.uploadFile!.serverGrowthMB,
        ratio: r.uploadFile!.serverGrowthMB / Math.max(1, r.floor!.serverGrowthMB),
        others: pick('serverGrowthMB', others),
        note: 'server peak minus idle RSS, dataDir; target: a part or two (64-128 MB)',
      },
      {
        name: `validate + upload ${gb}: wall time`,
        unit: 'ms',
        baseline: r.validate!.ms,
        sdk: r['one-pass']!.ms,
        ratio: r['one-pass']!.ms / r.validate!.ms,
        others: { 'validate then upload': r['validate-then-upload']!.ms },
        note: 'baseline: validating alone; sdk: uploadTrainingFile({ validate }) in one read; target <= 1.15x',
      },
      {
        name: `validate + upload ${gb}: client peak RSS`,
        unit: 'MB',
        baseline: r.validate!.clientMB,
        sdk: r['one-pass']!.clientMB,
        ratio: r['one-pass']!.clientMB / r.validate!.clientMB,
        others: { 'validate then upload': r['validate-then-upload']!.clientMB },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
