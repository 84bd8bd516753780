// The text_similarity measures the local server computes. Tokens are lower-cased words, as in the
// common reference implementations (nltk BLEU/GLEU, rouge-score); `cosine` (embeddings) and
// `meteor` (WordNet synonyms) need models and are not offered.

const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function ngrams(words: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const key = words.slice(i, i + n).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  for (const [key, count] of a) shared += Math.min(count, b.get(key) ?? 0);
  return shared;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((s, c) => s + c, 0);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * fuzzy_match: the normalised Indel similarity of the two strings (what rapidfuzz calls
 * `fuzz.ratio` / 100): 2·LCS / (|a| + |b|), by characters.
 */
export function fuzzyMatch(input: string, reference: string): number {
  if (!input.length && !reference.length) return 1;
  return (2 * lcsLength([...input], [...reference])) / ([...input].length + [...reference].length);
}

/** Sentence BLEU-4 with uniform weights, the brevity penalty, and add-one smoothing for n > 1. */
export function bleu(input: string, reference: string): number {
  const hyp = tokens(input);
  const ref = tokens(reference);
  if (!hyp.length || !ref.length) return 0;
  let logSum = 0;
  for (let n = 1; n <= 4; n++) {
    const h = ngrams(hyp, n);
    const matches = overlap(h, ngrams(ref, n));
    const count = total(h);
    if (n === 1 && matches === 0) return 0;
    logSum += Math.log(n === 1 ? matches / count : (matches + 1) / (count + 1)) / 4;
  }
  const brevity = hyp.length >= ref.length ? 1 : Math.exp(1 - ref.length / hyp.length);
  return brevity * Math.exp(logSum);
}

/** Sentence GLEU (Google BLEU): min(precision, recall) over all 1..4-grams. */
export function gleu(input: string, reference: string): number {
  const hyp = tokens(input);
  const ref = tokens(reference);
  let matches = 0;
  let hypCount = 0;
  let refCount = 0;
  for (let n = 1; n <= 4; n++) {
    const h = ngrams(hyp, n);
    const r = ngrams(ref, n);
    matches += overlap(h, r);
    hypCount += total(h);
    refCount += total(r);
  }
  if (!hypCount || !refCount) return 0;
  return Math.min(matches / hypCount, matches / refCount);
}

/** ROUGE-N F1 over word n-grams. */
export function rougeN(input: string, reference: string, n: number): number {
  const h = ngrams(tokens(input), n);
  const r = ngrams(tokens(reference), n);
  const matches = overlap(h, r);
  const hc = total(h);
  const rc = total(r);
  return hc && rc ? f1(matches / hc, matches / rc) : 0;
}

/** ROUGE-L F1: the longest common subsequence of words. */
export function rougeL(input: string, reference: string): number {
  const hyp = tokens(input);
  const ref = tokens(reference);
  if (!hyp.length || !ref.length) return 0;
  const lcs = lcsLength(hyp, ref);
  return f1(lcs / hyp.length, lcs / ref.length);
}

/** The text-similarity metrics the local server grades with, by `evaluation_metric` name. */
export const SIMILARITY: Record<string, (input: string, reference: string) => number> = {
  fuzzy_match: fuzzyMatch,
  bleu,
  gleu,
  rouge_1: (a, b) => rougeN(a, b, 1),
  rouge_2: (a, b) => rougeN(a, b, 2),
  rouge_3: (a, b) => rougeN(a, b, 3),
  rouge_4: (a, b) => rougeN(a, b, 4),
  rouge_5: (a, b) => rougeN(a, b, 5),
  rouge_l: rougeL,
};
