// The structural checks a job's training file gets while `validating_files`.
import { describe, expect, it } from 'vitest';
import { checkTrainingData, TrainingDataError } from '../../src/testing/training-data.ts';

const chat = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `q${i}` },
        { role: 'assistant', content: `a${i}` },
      ],
    }),
  );

describe('checkTrainingData', () => {
  it('counts chat examples and skips blank lines', () => {
    expect(checkTrainingData([...chat(10), ''].join('\n'), 'supervised').examples).toBe(10);
  });

  it.each([
    [[...chat(9), '{oops'], 'line 10: not valid JSON'],
    [[...chat(9), '[1,2]'], 'line 10: each line must be a JSON object'],
    [
      [...chat(9), JSON.stringify({ messages: [] })],
      'line 10: `messages` must be a non-empty array',
    ],
    [
      [...chat(9), JSON.stringify({ messages: [{ role: 'robot', content: 'x' }] })],
      'line 10: messages[0].role',
    ],
    [
      [...chat(9), JSON.stringify({ messages: [{ role: 'user', content: 'x' }] })],
      'line 10: no assistant message',
    ],
    [chat(3), 'The file has 3 example(s); fine-tuning needs at least 10'],
  ])('rejects %#: %s', (lines, message) => {
    expect(() => checkTrainingData(lines.join('\n'), 'supervised')).toThrow(TrainingDataError);
    expect(() => checkTrainingData(lines.join('\n'), 'supervised')).toThrow(message);
  });

  it('checks DPO examples for both outputs', () => {
    const good = JSON.stringify({
      input: { messages: [{ role: 'user', content: 'q' }] },
      preferred_output: [{ role: 'assistant', content: 'a' }],
      non_preferred_output: [{ role: 'assistant', content: 'b' }],
    });
    expect(checkTrainingData(Array(10).fill(good).join('\n'), 'dpo').examples).toBe(10);
    expect(() => checkTrainingData(chat(10).join('\n'), 'dpo')).toThrow(/input/);
  });
});
