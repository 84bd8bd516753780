// The data-preparation checks of OpenAI's cookbook that look across examples: exact duplicates,
// examples without the system message others have, and the messages-per-example distribution.
// Warnings, never errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateTrainingData } from '../../src/training-data/index.ts';
import { DuplicateTable, hashBytes, MAX_SLOTS } from '../../src/training-data/duplicates.ts';
import { brief } from './helpers.ts';

const example = (i: number, system = true, turns = 1): string => {
  const messages: Array<{ role: string; content: string }> = system
    ? [{ role: 'system', content: 'Be brief.' }]
    : [];
  for (let t = 0; t < turns; t++)
    messages.push(
      { role: 'user', content: `q${i}.${t}` },
      { role: 'assistant', content: `a${i}.${t}` },
    );
  return JSON.stringify({ messages });
};

describe('duplicates', () => {
  it('warns on each exact repeat with the line it repeats, CRLF or not', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => example(i));
    lines.push(lines[2]!, lines[5]!, lines[2]!);
    const text = `${lines.slice(0, 14).join('\n')}\r\n${lines[14]}\n`;
    const report = await validateTrainingData(text, { method: 'supervised', countTokens: false });
    expect(report.valid).toBe(true);
    expect(brief(report.warnings).filter((w) => w[2] === 'duplicate_example')).toEqual([
      [13, '$', 'duplicate_example'],
      [14, '$', 'duplicate_example'],
      [15, '$', 'duplicate_example'],
    ]);
    expect(
      report.warnings.filter((w) => w.code === 'duplicate_example').map((w) => w.message),
    ).toEqual([
      'The example is the same as line 3.',
      'The example is the same as line 6.',
      'The example is the same as line 3.',
    ]);
    expect(report.counts.warnings.duplicate_example).toBe(3);
  });

  it('does not count invalid lines or examples that differ only in spacing', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => example(i));
    lines.push('{"messages": 1}', '{"messages": 1}', example(3).replace('":"', '": "'));
    const report = await validateTrainingData(lines.join('\n'), {
      method: 'supervised',
      countTokens: false,
    });
    expect(report.counts.warnings.duplicate_example).toBeUndefined();
  });

  it('the table finds every repeat among any set of hashes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 })), {
          maxLength: 300,
        }),
        (keys) => {
          const table = new DuplicateTable();
          const firstSeen = new Map<string, number>();
          keys.forEach(([hi, lo], i) => {
            const key = `${hi}:${lo}`;
            const expected = firstSeen.get(key) ?? 0;
            if (!expected) firstSeen.set(key, i + 1);
            expect(table.check(hi, lo, i + 1)).toBe(expected);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps at most MAX_SLOTS entries and says when it stopped storing', () => {
    const table = new DuplicateTable();
    const stored = Math.floor(MAX_SLOTS * 0.75);
    for (let i = 1; i <= stored + 10; i++) table.check(i, i * 7, i);
    expect(table.unstored).toBe(10);
    // Stored examples are still found, later ones are not.
    expect(table.check(5, 35, 99_999_999)).toBe(5);
    expect(table.check(stored + 5, (stored + 5) * 7, 99_999_999)).toBe(0);
  });

  it('hashes differ for bytes that differ', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const same = a.length === b.length && a.every((x, i) => x === b[i]);
        if (!same) expect(hashBytes(a)).not.toEqual(hashBytes(b));
        else expect(hashBytes(a)).toEqual(hashBytes(b));
      }),
      { numRuns: 500 },
    );
  });
});

describe('system messages', () => {
  it('warns once when some examples have a system message and others do not', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => example(i, i !== 4 && i !== 9));
    const report = await validateTrainingData(lines.join('\n'), {
      method: 'supervised',
      countTokens: false,
    });
    expect(brief(report.warnings)).toEqual([
      [null, '$', 'few_examples'],
      [null, '$', 'missing_system_message'],
    ]);
    expect(report.warnings[1]!.message).toBe(
      '2 of 12 examples have no system message while the others have one (the first is line 5).',
    );
    expect(report.messages.withSystem).toBe(10);
  });

  it('says nothing when all or none have one; a developer message counts as one', async () => {
    for (const lines of [
      Array.from({ length: 12 }, (_, i) => example(i, false)),
      Array.from({ length: 12 }, (_, i) => example(i, true)),
    ]) {
      const report = await validateTrainingData(lines.join('\n'), {
        method: 'supervised',
        countTokens: false,
      });
      expect(report.counts.warnings.missing_system_message).toBeUndefined();
    }
    const developer = JSON.stringify({
      messages: [
        { role: 'developer', content: 'x' },
        { role: 'user', content: 'y' },
        { role: 'assistant', content: 'z' },
      ],
    });
    const report = await validateTrainingData(
      [...Array.from({ length: 11 }, (_, i) => example(i)), developer].join('\n'),
      { method: 'supervised', countTokens: false },
    );
    expect(report.counts.warnings.missing_system_message).toBeUndefined();
  });
});

describe('messages per example', () => {
  it('gives min, max, mean and the distribution of valid examples', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => example(i, i % 2 === 0, 1 + (i % 3)));
    lines.push('{"messages": []}');
    const report = await validateTrainingData(lines.join('\n'), {
      method: 'supervised',
      countTokens: false,
    });
    // i even: system + 2×turns; i odd: 2×turns. turns = 1 + i % 3.
    const sizes = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 1 : 0) + 2 * (1 + (i % 3)));
    const byCount = new Map<number, number>();
    for (const n of sizes) byCount.set(n, (byCount.get(n) ?? 0) + 1);
    expect(report.messages).toEqual({
      examples: 12,
      min: Math.min(...sizes),
      max: Math.max(...sizes),
      mean: Math.round((sizes.reduce((a, b) => a + b, 0) / 12) * 100) / 100,
      distribution: [...byCount]
        .sort((a, b) => a[0] - b[0])
        .map(([messages, examples]) => ({ messages, examples })),
      withSystem: 6,
    });
  });

  it('counts the input messages of dpo pairs', async () => {
    const pair = (i: number) =>
      JSON.stringify({
        input: { messages: [{ role: 'user', content: `q${i}` }] },
        preferred_output: [{ role: 'assistant', content: 'good' }],
        non_preferred_output: [{ role: 'assistant', content: `bad ${i}` }],
      });
    const report = await validateTrainingData(
      Array.from({ length: 10 }, (_, i) => pair(i)).join('\n'),
      { method: 'dpo', countTokens: false },
    );
    expect(report.messages).toMatchObject({ examples: 10, min: 1, max: 1, withSystem: 0 });
  });
});
