// Training-data validation: throughput in MB/s over a generated 50 MB JSONL file, and peak memory.
// The baseline reads the whole file, splits it and JSON.parses every line (no checks, no tokens),
// the least any validator does; the SDK streams, checks every field and counts tokens.
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateTrainingFile } from '../../dist/node.js';
import { interleave, type CaseResult } from '../lib.ts';

const TARGET_BYTES = 50 * 2 ** 20;
const ROUNDS = 3;

async function generate(path: string): Promise<number> {
  const out = createWriteStream(path);
  const words = 'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches'.split(' ');
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const text = Array.from({ length: 20 + (i % 80) }, (_, k) => words[(i * 31 + k * 7) % words.length]).join(' ');
    const line = `${JSON.stringify({
      messages: [
        { role: 'system', content: 'You are a helpful assistant that answers briefly.' },
        { role: 'user', content: `Question ${i}: ${text}?` },
        { role: 'assistant', content: `Answer ${i}: ${text.slice(0, 200)}.` },
      ],
    })}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
  return bytes;
}

function peakMB(mode: string, path: string): number {
  const child = fileURLToPath(new URL('../training-data-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, mode, path], { encoding: 'utf8' });
  return (JSON.parse(out) as { peakMB: number }).peakMB;
}

export default async function trainingData(): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-training-data-'));
  try {
    const path = join(dir, 'train.jsonl');
    await generate(path);
    const mb = statSync(path).size / 2 ** 20;
    const times = await interleave(ROUNDS, {
      naive: async () => {
        for (const line of (await readFile(path, 'utf8')).split('\n')) if (line) JSON.parse(line);
      },
      sdk: () => validateTrainingFile(path, { method: 'supervised' }),
      'sdk (no tokens)': () => validateTrainingFile(path, { method: 'supervised', countTokens: false }),
    });
    const rate = (ms: number) => mb / (ms / 1000);
    const idle = peakMB('idle', path);
    const naivePeak = peakMB('naive', path);
    const sdkPeak = peakMB('sdk', path);
    const noTokensPeak = peakMB('sdk-no-tokens', path);
    // The same data four times over: a streaming validator's peak must not move.
    const big = join(dir, 'train-x4.jsonl');
    copyFileSync(path, big);
    const chunk = readFileSync(path);
    for (let i = 0; i < 3; i++) appendFileSync(big, chunk);
    const bigMB = statSync(big).size / 2 ** 20;
    const bigPeak = peakMB('sdk', big);
    return [
      {
        name: `validate ${mb.toFixed(0)} MB JSONL (supervised)`,
        unit: 'MB/s',
        baseline: rate(times.naive!),
        sdk: rate(times.sdk!),
        ratio: times.naive! / times.sdk!,
        others: { 'sdk (no tokens)': rate(times['sdk (no tokens)']!) },
        note: 'baseline = readFile + split + JSON.parse; sdk = streamed checks + o200k_base token counts; ratio = sdk/baseline speed',
      },
      {
        name: `peak RSS validating ${mb.toFixed(0)} MB`,
        unit: 'MB',
        baseline: naivePeak,
        sdk: sdkPeak,
        ratio: sdkPeak / naivePeak,
        others: { 'sdk (no tokens)': noTokensPeak, 'idle process': idle },
        note: 'fresh process each (lower is better); baseline holds the whole file; sdk streams, plus the o200k_base tables (fixed)',
      },
      {
        name: `sdk peak RSS, ${bigMB.toFixed(0)} MB vs ${mb.toFixed(0)} MB file`,
        unit: 'MB',
        baseline: sdkPeak,
        sdk: bigPeak,
        ratio: bigPeak / sdkPeak,
        note: 'baseline = sdk on the small file; ~1.00x means memory does not grow with the file',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
