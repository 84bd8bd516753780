// Training-data validation: throughput in MB/s over generated JSONL files, and peak memory.
// The baseline reads the whole file, splits it and JSON.parses every line (no checks, no tokens),
// the least any validator does; the SDK streams, checks every field and counts tokens, on one
// thread (workers: 0) and on every core (the default). A "tokenizer alone" contender parses each
// line and counts the tokens of its messages with gpt-tokenizer and nothing else: the ceiling of
// one thread with exact token counts.
//
// Rows, in order: the 50 MB file (interleaved rounds in this process), peak RSS on it (a fresh
// process each), then the 500 MB file (one fresh process per contender: time and peak RSS).
// TRAINING_DATA_2GB=1 npm run bench -- training-data adds a 2 GB file (several minutes) and the
// constant-memory row: peak RSS on 2 GB against 500 MB.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { validateTrainingFile } from '../../dist/node.js';
import { interleave, type CaseResult } from '../lib.ts';

const MB = 2 ** 20;
const ROUNDS = 3;

/** A supervised file of `target` bytes; every line differs (no duplicates). */
async function generate(path: string, target: number): Promise<number> {
  const out = createWriteStream(path);
  const words =
    'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing matches'.split(
      ' ',
    );
  let bytes = 0;
  for (let i = 0; bytes < target; i++) {
    const text = Array.from(
      { length: 20 + (i % 80) },
      (_, k) => words[(i * 31 + k * 7) % words.length],
    ).join(' ');
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

function child(mode: string, path: string): { ms: number; cpuMs: number; peakMB: number } {
  const script = fileURLToPath(new URL('../training-data-child.ts', import.meta.url));
  return JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', script, mode, path], { encoding: 'utf8' }),
  ) as { ms: number; cpuMs: number; peakMB: number };
}

/** Parse + count the message tokens of every line, nothing else. */
async function tokenizerAlone(path: string): Promise<void> {
  const options = { disallowedSpecial: new Set<string>() };
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line) continue;
    for (const m of (JSON.parse(line) as { messages: Array<{ content: string }> }).messages)
      countTokens(m.content, options);
  }
}

export default async function trainingData(): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-training-data-'));
  const cores = `${cpus().length} cores`;
  try {
    const path = join(dir, 'train.jsonl');
    await generate(path, 50 * MB);
    const mb = statSync(path).size / MB;
    const times = await interleave(ROUNDS, {
      naive: async () => {
        for (const line of (await readFile(path, 'utf8')).split('\n')) if (line) JSON.parse(line);
      },
      sdk: () => validateTrainingFile(path, { method: 'supervised' }),
      'sdk 1 thread': () => validateTrainingFile(path, { method: 'supervised', workers: 0 }),
      'sdk (no tokens)': () =>
        validateTrainingFile(path, { method: 'supervised', countTokens: false }),
      'tokenizer alone': () => tokenizerAlone(path),
    });
    const rate = (ms: number, size = mb) => size / (ms / 1000);
    const idle = child('idle', path).peakMB;
    const naivePeak = child('naive', path).peakMB;
    const sdkPeak = child('sdk', path).peakMB;
    const singlePeak = child('sdk-single', path).peakMB;
    const noTokensPeak = child('sdk-no-tokens', path).peakMB;
    const rows: CaseResult[] = [
      {
        name: `validate ${mb.toFixed(0)} MB JSONL (supervised)`,
        unit: 'MB/s',
        baseline: rate(times.naive!),
        sdk: rate(times.sdk!),
        ratio: times.naive! / times.sdk!,
        others: {
          'sdk 1 thread': rate(times['sdk 1 thread']!),
          'sdk (no tokens)': rate(times['sdk (no tokens)']!),
          'tokenizer alone (1 thread)': rate(times['tokenizer alone']!),
        },
        note: `baseline = readFile + split + JSON.parse; sdk = streamed checks + o200k_base token counts on ${cores}; ratio = sdk/baseline speed`,
      },
      {
        name: `peak RSS validating ${mb.toFixed(0)} MB`,
        unit: 'MB',
        baseline: naivePeak,
        sdk: sdkPeak,
        ratio: sdkPeak / naivePeak,
        others: {
          'sdk 1 thread': singlePeak,
          'sdk (no tokens)': noTokensPeak,
          'idle process': idle,
        },
        note: 'fresh process each (lower is better); baseline holds the whole file; sdk streams, plus the o200k_base tables (fixed, once per worker)',
      },
    ];
    rmSync(path);

    // 500 MB: one fresh process per contender, time and peak RSS from the same run.
    const big = join(dir, 'train-500.jsonl');
    await generate(big, 500 * MB);
    const bigMB = statSync(big).size / MB;
    const runs = Object.fromEntries(
      ['naive-stream', 'sdk', 'sdk-single', 'sdk-no-tokens'].map((mode) => [
        mode,
        child(mode, big),
      ]),
    );
    rows.push(
      {
        name: `validate ${bigMB.toFixed(0)} MB JSONL (supervised)`,
        unit: 'MB/s',
        baseline: rate(runs['naive-stream']!.ms, bigMB),
        sdk: rate(runs.sdk!.ms, bigMB),
        ratio: runs['naive-stream']!.ms / runs.sdk!.ms,
        others: {
          'sdk 1 thread': rate(runs['sdk-single']!.ms, bigMB),
          'sdk (no tokens)': rate(runs['sdk-no-tokens']!.ms, bigMB),
        },
        note: `one run each in a fresh process; baseline = streamed read + split + JSON.parse; sdk on ${cores}`,
      },
      {
        // Where the time goes: MB per second of CPU time (all threads), which does not depend on
        // the share of a busy machine the process got. Every core adds at most this much MB/s.
        name: `validate ${bigMB.toFixed(0)} MB: MB per CPU-second`,
        unit: 'MB/s',
        baseline: bigMB / (runs['naive-stream']!.cpuMs / 1000),
        sdk: bigMB / (runs.sdk!.cpuMs / 1000),
        ratio: runs['naive-stream']!.cpuMs / runs.sdk!.cpuMs,
        others: {
          'sdk 1 thread': bigMB / (runs['sdk-single']!.cpuMs / 1000),
          'sdk (no tokens)': bigMB / (runs['sdk-no-tokens']!.cpuMs / 1000),
        },
        note: `the same runs, size / CPU time of all threads: the ceiling per core; wall-clock MB/s reaches it times the cores the process gets`,
      },
      {
        name: `peak RSS validating ${bigMB.toFixed(0)} MB`,
        unit: 'MB',
        baseline: runs['naive-stream']!.peakMB,
        sdk: runs.sdk!.peakMB,
        ratio: runs.sdk!.peakMB / runs['naive-stream']!.peakMB,
        others: {
          'sdk 1 thread': runs['sdk-single']!.peakMB,
          'sdk (no tokens)': runs['sdk-no-tokens']!.peakMB,
        },
        note: 'the same runs; compare with the 50 MB row: a streaming validator stays flat',
      },
      {
        name: `sdk peak RSS, ${bigMB.toFixed(0)} MB vs ${mb.toFixed(0)} MB file`,
        unit: 'MB',
        baseline: sdkPeak,
        sdk: runs.sdk!.peakMB,
        ratio: runs.sdk!.peakMB / sdkPeak,
        others: {
          'sdk 1 thread, 50 MB': singlePeak,
          'sdk 1 thread, 500 MB': runs['sdk-single']!.peakMB,
        },
        note: 'baseline = sdk on the small file; ~1.00x means memory does not grow with the file',
      },
    );

    if (process.env.TRAINING_DATA_2GB === '1') {
      const huge = join(dir, 'train-2g.jsonl');
      await generate(huge, 2048 * MB);
      rmSync(big);
      const hugeMB = statSync(huge).size / MB;
      const sdk = child('sdk', huge);
      const single = child('sdk-single', huge);
      rows.push({
        name: `sdk peak RSS, ${hugeMB.toFixed(0)} MB vs ${bigMB.toFixed(0)} MB file`,
        unit: 'MB',
        baseline: runs.sdk!.peakMB,
        sdk: sdk.peakMB,
        ratio: sdk.peakMB / runs.sdk!.peakMB,
        others: {
          'sdk 1 thread, 500 MB': runs['sdk-single']!.peakMB,
          'sdk 1 thread, 2 GB': single.peakMB,
          'sdk MB/s on 2 GB': rate(sdk.ms, hugeMB),
          'sdk 1 thread MB/s on 2 GB': rate(single.ms, hugeMB),
        },
        note: 'target: within 10% (ratio 0.90x-1.10x); the MB/s in others are MB/s, not MB',
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
