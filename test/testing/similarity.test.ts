// The text_similarity measures against values worked out by hand (and, for fuzzy_match, the
// classic kitten/sitting pair).
import { describe, expect, it } from 'vitest';
import { bleu, fuzzyMatch, gleu, rougeL, rougeN } from '../../src/testing/graders/similarity.ts';

describe('text similarity', () => {
  it('fuzzy_match is the Indel ratio: 2·LCS / total length', () => {
    expect(fuzzyMatch('kitten', 'sitting')).toBeCloseTo(8 / 13, 10);
    expect(fuzzyMatch('same', 'same')).toBe(1);
    expect(fuzzyMatch('abc', 'xyz')).toBe(0);
    expect(fuzzyMatch('', '')).toBe(1);
  });

  it('rouge_1 and rouge_2 are n-gram F1 scores', () => {
    // 'the cat sat' vs 'the cat ran': unigrams share 2 of 3 each way; bigrams share 1 of 2.
    expect(rougeN('the cat sat', 'the cat ran', 1)).toBeCloseTo(2 / 3, 10);
    expect(rougeN('the cat sat', 'the cat ran', 2)).toBeCloseTo(1 / 2, 10);
    expect(rougeN('a', 'b c', 2)).toBe(0);
  });

  it('rouge_l uses the longest common word subsequence', () => {
    // LCS of (a b c d) and (a c d e) is a c d: P = R = 3/4.
    expect(rougeL('a b c d', 'a c d e')).toBeCloseTo(3 / 4, 10);
  });

  it('bleu is 1 for identical text, 0 with no shared word, and penalises short output', () => {
    const sentence = 'the quick brown fox jumps over the lazy dog';
    expect(bleu(sentence, sentence)).toBeCloseTo(1, 10);
    expect(bleu('completely different words', sentence)).toBe(0);
    expect(bleu('the quick brown fox', sentence)).toBeLessThan(
      bleu('the quick brown fox jumps over the lazy', sentence),
    );
  });

  it('gleu is min(precision, recall) over 1..4-grams', () => {
    // 'a b' vs 'a b c': hypothesis n-grams a, b, ab (3), reference a, b, c, ab, bc, abc (6), 3 shared.
    expect(gleu('a b', 'a b c')).toBeCloseTo(3 / 6, 10);
    expect(gleu('x y z', 'x y z')).toBe(1);
  });

  it('ignores case and punctuation when splitting words', () => {
    expect(rougeN('Paris!', 'paris', 1)).toBe(1);
  });
});
