// Token counts, the tokenizer choice per model, and the billed-token estimate.
import { encodeChat as encodeChatCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { encodeChat as encodeChatO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import {
  defaultEpochs,
  encodingFor,
  tokenLimitFor,
  validateTrainingData,
} from '../../src/training-data/index.ts';

const chats = [
  [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello! How can I help?' },
  ],
  [
    { role: 'system', content: 'You are a pirate. Answer in pirate speak, with some émojis 🏴‍☠️.' },
    { role: 'user', content: 'Where is the treasure?' },
    { role: 'assistant', content: 'Arr, buried under the old oak, matey!' },
    { role: 'user', content: 'And the map?' },
    { role: 'assistant', content: 'Burned it, I did.' },
  ],
] as const;

async function perExample(jsonl: string, model: string): Promise<number[]> {
  const tokens: number[] = [];
  await validateTrainingData(jsonl, {
    method: 'supervised',
    model,
    onExample: (e) => tokens.push(e.tokens),
  });
  return tokens;
}

describe('token counts', () => {
  const jsonl = chats.map((messages) => JSON.stringify({ messages })).join('\n');

  it('match gpt-tokenizer chat encoding for gpt-4o-family models (o200k_base)', async () => {
    const expected = chats.map((c) => encodeChatO200k(c as never, 'gpt-4o').length);
    expect(await perExample(jsonl, 'gpt-4o-mini-2024-07-18')).toEqual(expected);
  });

  it('match gpt-tokenizer chat encoding for cl100k_base models', async () => {
    // gpt-tokenizer frames 'gpt-3.5-turbo' the pre-0613 way (4 tokens a message); the fine-tunable
    // gpt-3.5-turbo snapshots use the 3-token framing its 'gpt-4' setting has.
    const expected = chats.map((c) => encodeChatCl100k(c as never, 'gpt-4').length);
    expect(await perExample(jsonl, 'gpt-3.5-turbo-0125')).toEqual(expected);
  });

  it('summarise examples in the report', async () => {
    const report = await validateTrainingData(jsonl, { method: 'supervised', epochs: 2 });
    const [a, b] = chats.map((c) => encodeChatO200k(c as never, 'gpt-4o').length) as [
      number,
      number,
    ];
    expect(report.tokens).toMatchObject({
      encoding: 'o200k_base',
      examples: 2,
      total: a + b,
      min: Math.min(a, b),
      max: Math.max(a, b),
      mean: Math.round((a + b) / 2),
      limit: 65_536,
      overLimit: 0,
    });
    expect(report.tokens?.distribution.reduce((n, d) => n + d.examples, 0)).toBe(2);
    expect(report.billing).toMatchObject({
      epochs: 2,
      epochsSource: 'given',
      tokensPerEpoch: a + b,
      estimatedBilledTokens: 2 * (a + b),
    });
  });

  it('can be turned off', async () => {
    const report = await validateTrainingData(jsonl, { method: 'supervised', countTokens: false });
    expect(report.tokens).toBeNull();
    expect(report.billing).toBeNull();
  });
});

describe('model family', () => {
  it.each([
    ['gpt-4o-mini-2024-07-18', 'o200k_base', 65_536],
    ['gpt-4.1-2025-04-14', 'o200k_base', 65_536],
    ['o4-mini-2025-04-16', 'o200k_base', 65_536],
    ['ft:gpt-4o-2024-08-06:acme::abc123', 'o200k_base', 65_536],
    ['gpt-3.5-turbo-0125', 'cl100k_base', 16_385],
    ['gpt-3.5-turbo-0613', 'cl100k_base', 4_096],
    ['gpt-4-0613', 'cl100k_base', 65_536],
    ['davinci-002', 'cl100k_base', 16_385],
  ])('%s uses %s with a %d-token limit', (model, encoding, limit) => {
    expect(encodingFor(model)).toBe(encoding);
    expect(tokenLimitFor(model)).toBe(limit);
  });
});

describe('default epochs (the API rule when n_epochs is auto)', () => {
  it.each([
    [10, 10],
    [20, 5],
    [33, 3],
    [100, 3],
    [8333, 3],
    [10_000, 2],
    [30_000, 1],
  ])('%d examples → %d epochs', (examples, epochs) => {
    expect(defaultEpochs(examples)).toBe(epochs);
  });
});
