// toChatExample / toChatExamples: prompt/completion pairs (davinci-002, babbage-002) to chat examples
// that the validator accepts for a chat model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/index.ts';
import { toChatExample, toChatExamples } from '../../src/legacy/index.ts';
import { validateTrainingData } from '../../src/training-data/index.ts';

describe('toChatExample', () => {
  it('takes off the separator, the leading space and the stop sequence; adds the system message', () => {
    expect(
      toChatExample(
        { prompt: 'Translate: cat\n\n###\n\n', completion: ' chat END' },
        { separator: '\n\n###\n\n', stop: ' END', system: 'You translate.' },
      ),
    ).toEqual({
      messages: [
        { role: 'system', content: 'You translate.' },
        { role: 'user', content: 'Translate: cat' },
        { role: 'assistant', content: 'chat' },
      ],
    });
  });

  it('refuses what is not a pair', () => {
    expect(() => toChatExample({ prompt: 'x' } as never)).toThrow(InvalidArgumentError);
  });

  it('any pair with text on both sides becomes an example a chat model accepts (bounded property)', async () => {
    const text = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((s) => s.trim().length > 0 && !s.trim().endsWith(' ->'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(text, text), { minLength: 10, maxLength: 12 }),
        async (pairs) => {
          const lines: string[] = [];
          for await (const line of toChatExamples(
            pairs.map(([p, c]) => JSON.stringify({ prompt: `${p} ->`, completion: ` ${c}\n` })),
            { separator: ' ->' },
          ))
            lines.push(line);
          expect(lines).toHaveLength(pairs.length);
          lines.forEach((line, i) => {
            const { messages } = JSON.parse(line);
            expect(messages[0].content).toBe(pairs[i]![0].trimEnd());
            expect(messages[1].content).toBe(pairs[i]![1].trimEnd());
          });
          const report = await validateTrainingData(lines.join('\n'), {
            method: 'supervised',
            model: 'gpt-4o-mini-2024-07-18',
            countTokens: false,
          });
          expect(report.errors).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('toChatExamples names the line that is not a pair, and skips blank lines', async () => {
    const run = async (lines: string[]) => {
      const out: string[] = [];
      for await (const l of toChatExamples(lines)) out.push(l);
      return out;
    };
    expect(await run(['{"prompt":"a","completion":"b"}', '', '  '])).toHaveLength(1);
    await expect(run(['{"prompt":"a","completion":"b"}', '{"messages":[]}'])).rejects.toThrow(
      'toChatExamples: line 2 is not a {"prompt": string, "completion": string} pair.',
    );
    await expect(run(['[1,'])).rejects.toThrow('line 1 is not valid JSON');
  });
});
