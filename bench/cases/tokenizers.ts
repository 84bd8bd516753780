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

/** About 2 MB of texts the size of chat messages, from several kinds of writing. */
export function corpus(): string[] {
  const samples = [
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
  const texts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 2 * 2 ** 20; i++) {
    // Vary lengths and mix kinds so no cache of whole texts helps.
    const a = samples[i % samples.length]!;
    const b = samples[(i * 7 + 3) % samples.length]!;
    const text = `${i}: ${a.repeat(1 + (i % 5))} ${b}`;
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
    const path = join(dir, 'corpus.json');
    writeFileSync(path, JSON.stringify(corpus()));
    const child = fileURLToPath(new URL('../tokenizers-child.ts', import.meta.url));
    const results: CaseResult[] = [];
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const runs = TOKENIZERS.map(
        (name) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', child, name, encoding, path, '5'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })) as ChildResult,
      );
      const reference = runs[0]!;
      for (const run of runs.slice(1)) {
        const differ = run.counts.findIndex((c, i) => c !== reference.counts[i]);
        if (differ !== -1) throw new Error(`${run.name} counts text ${differ} as ${run.counts[differ]} tokens, gpt-tokenizer as ${reference.counts[differ]} (${encoding})`);
      }
      for (const run of runs) {
        results.push({
          name: `${run.name}, ${encoding}, ${reference.counts.length} texts`,
          unit: 'MB/s',
          baseline: reference.mbPerS,
          sdk: run.mbPerS,
          ratio: run.mbPerS / reference.mbPerS,
          others: { 'load ms': run.loadMs, 'peak RSS MB': run.peakMB, 'installed MB': packageMB(PACKAGES[run.name as keyof typeof PACKAGES]) },
          note: 'baseline = gpt-tokenizer; ratio = speed vs gpt-tokenizer; counts agree on every text',
        });
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
