// One tokenizer in a fresh process: load time, counting speed over a corpus, peak RSS, and the
// count of every text (so the parent can check that the tokenizers agree). Used by
// bench/cases/tokenizers.ts; prints one JSON line.
import { readFileSync } from 'node:fs';

const [name, encoding, corpusPath, roundsArg] = process.argv.slice(2) as [
  string,
  'o200k_base' | 'cl100k_base',
  string,
  string,
];
const texts = JSON.parse(readFileSync(corpusPath, 'utf8')) as string[];
const rounds = Number(roundsArg);
const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);

const loadStart = performance.now();
let count: (text: string) => number;
if (name === 'gpt-tokenizer') {
  const m =
    encoding === 'o200k_base'
      ? await import('gpt-tokenizer/encoding/o200k_base')
      : await import('gpt-tokenizer/encoding/cl100k_base');
  const options = { disallowedSpecial: new Set<string>() };
  count = (text) => m.countTokens(text, options);
} else if (name === 'tiktoken (WASM)') {
  const { get_encoding } = await import('tiktoken');
  const enc = get_encoding(encoding);
  // Special-token text is counted as plain text, as the validator does.
  count = (text) => enc.encode_ordinary(text).length;
} else if (name === 'js-tiktoken') {
  const { Tiktoken } = await import('js-tiktoken/lite');
  const ranks =
    encoding === 'o200k_base'
      ? (await import('js-tiktoken/ranks/o200k_base')).default
      : (await import('js-tiktoken/ranks/cl100k_base')).default;
  const enc = new Tiktoken(ranks);
  count = (text) => enc.encode(text, [], []).length;
} else throw new Error(`unknown tokenizer ${name}`);
// Load time: importing the module and its tables, up to the first count done.
count('warm up');
const loadMs = performance.now() - loadStart;
// The first pass gives the counts (and warms up the code).
const counts = texts.map((t) => count(t));

const times: number[] = [];
// Up to `rounds` rounds, fewer when a round is slow (one at least): a slow tokenizer on long runs
// would otherwise take minutes.
const budget = performance.now() + 3000;
for (let r = 0; r < rounds && (r === 0 || performance.now() < budget); r++) {
  const start = performance.now();
  for (const t of texts) count(t);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const ms = times[times.length >> 1]!;
process.stdout.write(
  JSON.stringify({
    name,
    loadMs,
    mbPerS: bytes / 2 ** 20 / (ms / 1000),
    peakMB: process.resourceUsage().maxRSS / 1024,
    counts,
  }),
);
