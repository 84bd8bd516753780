// The format a model trains on: prompt/completion lines for the completion models (davinci-002,
// babbage-002), messages for chat models; and a JSON array (pretty-printed or not) read as JSONL
// gives one error that says how to convert it, not one per line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateTrainingFile } from '../../src/node/index.ts';
import { validateTrainingData } from '../../src/training-data/index.ts';
import { brief } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pair = (i: number) => JSON.stringify({ prompt: `Q${i} ->`, completion: ` A${i}\n` });
const chat = (i: number) => ({
  messages: [
    { role: 'user', content: `q${i}` },
    { role: 'assistant', content: `a${i}` },
  ],
});
const pairs = Array.from({ length: 12 }, (_, i) => pair(i)).join('\n');

describe('prompt/completion data', () => {
  it.each(['davinci-002', 'babbage-002', 'ft:davinci-002:org::abc'])(
    'is valid for %s, with tokens counted from prompt and completion',
    async (model) => {
      const report = await validateTrainingData(pairs, { method: 'supervised', model });
      expect(report.errors).toEqual([]);
      expect(report.valid).toBe(true);
      expect(report.counts.examples).toBe(12);
      expect(report.tokens?.encoding).toBe('cl100k_base');
      expect(report.tokens!.total).toBeGreaterThan(12 * 2);
    },
  );

  it('a completion model refuses chat lines and bad pairs, line by line', async () => {
    const text = [
      JSON.stringify(chat(1)),
      JSON.stringify({ prompt: 'Q' }),
      JSON.stringify({ prompt: 1, completion: 'A' }),
      JSON.stringify({ prompt: 'Q', completion: '' }),
      ...Array.from({ length: 10 }, (_, i) => pair(i)),
    ].join('\n');
    const report = await validateTrainingData(text, { method: 'supervised', model: 'davinci-002' });
    expect(brief(report.errors)).toEqual([
      [1, '$.messages', 'invalid_value'],
      [2, '$.completion', 'missing_field'],
      [3, '$.prompt', 'wrong_type'],
      [4, '$.completion', 'invalid_value'],
    ]);
    expect(report.errors[0]!.message).toContain('prompt/completion pairs');
  });

  it('a chat model says once per line what the format is and how to convert it', async () => {
    const report = await validateTrainingData(pairs, {
      method: 'supervised',
      model: 'gpt-4o-mini-2024-07-18',
    });
    expect(report.valid).toBe(false);
    expect(report.counts.errors).toEqual({ legacy_format: 12, too_few_examples: 1 });
    expect(report.warnings).toEqual([]);
    expect(report.errors[0]!.fix).toContain('--model davinci-002');
    expect(report.errors[0]!.fix).toContain('openai-ft convert');
  });
});

describe('a JSON array instead of JSONL', () => {
  const examples = Array.from({ length: 150 }, (_, i) => chat(i));

  it.each([
    ['pretty-printed', JSON.stringify(examples, null, 2)],
    ['on one line', JSON.stringify(examples)],
    [
      'a pretty-printed object per example',
      examples.map((e) => JSON.stringify(e, null, 2)).join('\n'),
    ],
  ])('%s: one error, saying the file must be JSONL and how to convert it', async (_name, text) => {
    const report = await validateTrainingData(text, { method: 'supervised' });
    expect(report.valid).toBe(false);
    expect(brief(report.errors)).toEqual([[1, '$', 'not_jsonl']]);
    expect(report.counts.errors).toEqual({ not_jsonl: 1 });
    expect(report.warnings).toEqual([]);
    expect(report.errors[0]!.message).toMatch(/not JSONL/);
    expect(report.errors[0]!.fix).toContain("jq -c '.[]'");
  });

  it('the same on worker threads, for a file large enough to use them', async () => {
    const long = 'x'.repeat(300);
    const many = Array.from({ length: 9_000 }, (_, i) => ({
      messages: [
        { role: 'user', content: `q${i} ${long}` },
        { role: 'assistant', content: `a${i} ${long}` },
      ],
    }));
    const path = join(dir, 'big.json');
    writeFileSync(path, JSON.stringify(many, null, 2));
    const report = await validateTrainingFile(path, { method: 'supervised', workers: 2 });
    expect(report.counts.bytes).toBeGreaterThan(4 << 20);
    expect(brief(report.errors)).toEqual([[1, '$', 'not_jsonl']]);
    expect(report.counts.errors).toEqual({ not_jsonl: 1 });
  });

  it('an array-looking line later in a JSONL file is an ordinary line error', async () => {
    const text = [...examples.slice(0, 12).map((e) => JSON.stringify(e)), '[1, 2]'].join('\n');
    const report = await validateTrainingData(text, { method: 'supervised' });
    expect(brief(report.errors)).toEqual([[13, '$', 'not_an_object']]);
  });
});
