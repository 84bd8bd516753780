// The tokenizer choice: gpt-tokenizer (pure JS, what the validator uses), tiktoken (Rust compiled
// to WASM) and js-tiktoken (pure JS port) on the same varied corpus (chat text, code, non-Latin
// scripts, emoji, JSON tool arguments, special-token text). Each runs in a fresh process so its
// load time and memory are its own. Rows: counting speed in MB/s, then load time, peak RSS and
// installed size as "others"; the run fails if any count differs between them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from '../lib.ts';

const TOKENIZERS = ['gpt-tokenizer', 'tiktoken (WASM)', 'js-tiktoken'] as const;
const PACKAGES: Record<(typeof TOKENIZERS)[number], string> = {
  'gpt-tokenizer': 'gpt-tokenizer',
  'tiktoken (WASM)': 'tiktoken',
  'js-tiktoken': 'js-tiktoken',
};

const SAMPLES = [
  'Hello! How can I help you today? Let me know if you have any questions about your order.',
  'You are a helpful assistant that answers briefly and cites its sources.',
  'function add(a: number, b: number): number {\n  return a + b; // TODO: overflow?\n}\n',
  'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n',
  '{"location": "Paris, France", "unit": "celsius", "days": [1, 2, 3]}',
  'Der schnelle braune Fuchs springt über den faulen Hund. Ça coûte 12,50 € à l’été.',
  'Быстрая коричневая лиса прыгает через ленивую собаку.',
  '敏捷的棕色狐狸跳过了懒狗。東京は日本の首都です。서울은 한국의 수도입니다.',
  'مرحبا بالعالم، كيف حالك اليوم؟ שלום עולם',
  'नमस्ते दुनिया, आप कैसे हैं? สวัสดีชาวโลก',
  'Emoji 🎉🔥👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵 pirate 🏴‍☠️',
  'Special-token text is plain text in training data: <|endoftext|> <|im_start|>user',
  '    indented\ttabs\r\nwindows line\u00a0nbsp   trailing spaces   \n\n\n',
  'URL https://example.com/a/b?c=d&e=f#g and e-mail someone@example.org, numbers 3.14159 1,000,000',
];

/**
 * About 2 MB of texts. `chat`: message-sized texts, two samples each. `long runs`: the same with
 * a sample repeated up to five times, which makes long runs without spaces in the scripts that
 * use none (Chinese, Japanese, Thai) and in emoji.
 */
export function corpus(kind: 'chat' | 'long runs'): string[] {
  const texts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 2 * 2 ** 20; i++) {
    const a = SAMPLES[i % SAMPLES.length]!;
    const b = SAMPLES[(i * 7 + 3) % SAMPLES.length]!;
    const text = kind === 'chat' ? `${i}: ${a} ${b}` : `${i}: ${a.repeat(1 + (i % 5))} ${b}`;
    texts.push(text);
    bytes += Buffer.byteLength(text);
  }
  return texts;
}

function packageMB(name: string): number {
  const root = fileURLToPath(new URL(`../../node_modules/${name}`, import.meta.url));
  let total = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else total += statSync(path).size;
    }
  };
  walk(root);
  return total / 2 ** 20;
}

interface ChildResult {
  name: string;
  loadMs: number;
  mbPerS: number;
  peakMB: number;
  counts: number[];
}

export default async function tokenizers(): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tokenizers-'));
  try {
    const script = fileURLToPath(new URL('../tokenizers-child.ts', import.meta.url));
    const results: CaseResult[] = [];
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      let chatRuns: ChildResult[] = [];
      for (const kind of ['chat', 'long runs'] as const) {
        const path = join(dir, `${kind}.json`);
        writeFileSync(path, JSON.stringify(corpus(kind)));
        const runs = TOKENIZERS.map(
          (name) =>
            JSON.parse(
              execFileSync(
                process.execPath,
                ['--import', 'tsx', script, name, encoding, path, '5'],
                { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
              ),
            ) as ChildResult,
        );
        const reference = runs[0]!;
        for (const run of runs.slice(1)) {
          const differ = run.counts.findIndex((c, i) => c !== reference.counts[i]);
          if (differ !== -1)
            throw new Error(
              `${run.name} counts text ${differ} as ${run.counts[differ]} tokens, gpt-tokenizer as ${reference.counts[differ]} (${encoding})`,
            );
        }
        if (kind === 'chat') chatRuns = runs;
        results.push({
          name: `count ${encoding}, ${kind} (${reference.counts.length} texts, 2 MB)`,
          unit: 'MB/s',
          baseline: reference.mbPerS,
          sdk: runs[1]!.mbPerS,
          ratio: runs[1]!.mbPerS / reference.mbPerS,
          others: { 'js-tiktoken': runs[2]!.mbPerS },
          note: 'baseline = gpt-tokenizer, sdk column = tiktoken (WASM); ratio = tiktoken/gpt-tokenizer speed; every count agrees',
        });
      }
      const [gpt, wasm, js] = chatRuns as [ChildResult, ChildResult, ChildResult];
      results.push(
        {
          name: `load ${encoding} (import to first count)`,
          unit: 'ms',
          baseline: gpt.loadMs,
          sdk: wasm.loadMs,
          ratio: wasm.loadMs / gpt.loadMs,
          others: { 'js-tiktoken': js.loadMs },
          note: 'baseline = gpt-tokenizer, sdk column = tiktoken (WASM); fresh process each',
        },
        {
          name: `peak RSS, ${encoding}, chat corpus`,
          unit: 'MB',
          baseline: gpt.peakMB,
          sdk: wasm.peakMB,
          ratio: wasm.peakMB / gpt.peakMB,
          others: { 'js-tiktoken': js.peakMB },
          note: 'baseline = gpt-tokenizer, sdk column = tiktoken (WASM); whole process, corpus included',
        },
      );
    }
    const sizes = Object.fromEntries(TOKENIZERS.map((name) => [name, packageMB(PACKAGES[name])]));
    results.push({
      name: 'installed size (node_modules/<package>)',
      unit: 'MB',
      baseline: sizes['gpt-tokenizer']!,
      sdk: sizes['tiktoken (WASM)']!,
      ratio: sizes['tiktoken (WASM)']! / sizes['gpt-tokenizer']!,
      others: { 'js-tiktoken': sizes['js-tiktoken']! },
      note: 'baseline = gpt-tokenizer, sdk column = tiktoken (WASM); every encoding each package ships',
    });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
