// validateTrainingData over fixture files: every error kind, its line, JSON path and fix.
import { describe, expect, it } from 'vitest';
import { validateTrainingFile } from '../../src/node/index.ts';
import { validateTrainingData } from '../../src/training-data/index.ts';
import { brief, fixture, fixtureBytes } from './helpers.ts';

describe('supervised', () => {
  it('accepts valid examples with tools, tool calls, weights, images and legacy functions', async () => {
    const report = await validateTrainingFile(fixture('supervised-valid.jsonl'), {
      method: 'supervised',
    });
    expect(report.valid).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.counts).toMatchObject({
      lines: 14,
      examples: 14,
      invalidLines: 0,
      blankLines: 0,
      crlfLines: 0,
    });
    expect(brief(report.warnings)).toEqual([
      [null, '$', 'few_examples'],
      [null, '$', 'missing_system_message'],
    ]);
  });

  it('reports every error kind with its line and JSON path', async () => {
    const report = await validateTrainingFile(fixture('supervised-errors.jsonl'), {
      method: 'supervised',
    });
    expect(report.valid).toBe(false);
    expect(brief(report.errors)).toEqual([
      [2, '$', 'invalid_json'],
      [3, '$', 'not_an_object'],
      [4, '$.messages', 'missing_field'],
      [5, '$.messages', 'wrong_type'],
      [6, '$.messages', 'invalid_value'],
      [7, '$.messages', 'no_assistant_message'],
      [8, '$.messages[0].role', 'invalid_value'],
      [9, '$.messages[0].role', 'missing_field'],
      [10, '$.messages[0].content', 'missing_field'],
      [11, '$.messages[0].content', 'wrong_type'],
      [12, '$.messages[1].weight', 'invalid_value'],
      [13, '$.messages[0].weight', 'invalid_value'],
      [14, '$.messages[0].mood', 'unknown_field'],
      [15, '$.messages[1].tool_calls[0].function.arguments', 'wrong_type'],
      [16, '$.messages[2].tool_call_id', 'missing_field'],
      [17, '$.tools[0]', 'invalid_value'],
      [18, '$.messages[0].content[0].type', 'invalid_value'],
      [22, '$', 'not_an_object'],
      [null, '$', 'too_few_examples'],
    ]);
    expect(brief(report.warnings)).toEqual([
      [16, '$.messages[2]', 'trailing_messages'],
      [19, '$.messages', 'nothing_to_learn'],
      [20, '$.metadata', 'unknown_field'],
      [21, '$', 'blank_line'],
      [null, '$', 'missing_system_message'],
    ]);
    expect(report.counts).toMatchObject({
      lines: 22,
      examples: 3,
      invalidLines: 18,
      blankLines: 1,
    });
    expect(report.counts.errors).toMatchObject({
      invalid_value: 6,
      missing_field: 4,
      not_an_object: 2,
    });
    expect(report.errors.find((e) => e.line === 12)?.message).toBe(
      '`weight` must be 0 or 1, got 0.5.',
    );
    expect(report.errors.find((e) => e.line === 15)?.fix).toBe(
      'Encode the arguments object with JSON.stringify.',
    );
    for (const issue of [...report.errors, ...report.warnings]) {
      expect(issue.message.length, issue.code).toBeGreaterThan(10);
      expect(issue.fix.length, issue.code).toBeGreaterThan(5);
    }
  });

  it('reports examples over the token limit and lines over the byte limit', async () => {
    const perLine = new Map<number, number>();
    const report = await validateTrainingFile(fixture('supervised-valid.jsonl'), {
      method: 'supervised',
      tokenLimit: 39,
      maxLineBytes: 400,
      onExample: (e) => perLine.set(e.line, e.tokens),
    });
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([[11, 'line_too_long']]);
    expect(report.errors[0]?.message).toMatch(/^The line is 4\d\d bytes, over the 400-byte limit/);
    const over = report.warnings.filter((w) => w.code === 'over_token_limit');
    // Line 13's image (by URL, size unknown) is counted at the most gpt-4o-mini bills for one;
    // line 14 has 48 tokens: 27 for its messages and call, and its function definition by the
    // cookbook's rules, 7 + "add:" (2) + 12. Both are billed at the 39-token cap.
    expect(over.map((w) => w.line)).toEqual([13, 14]);
    expect(report.tokens?.overLimit).toBe(2);
    expect(perLine.get(14)).toBe(27 + 7 + 2 + 12);
    expect(perLine.get(13)).toBeGreaterThan(2833 + 8 * 5667);
    const capped = [...perLine.values()].reduce((sum, t) => sum + Math.min(t, 39), 0);
    expect(report.billing?.tokensPerEpoch).toBe(capped);
  });
});

describe('preference', () => {
  it('accepts valid pairs', async () => {
    const report = await validateTrainingFile(fixture('preference-valid.jsonl'), {
      method: 'preference',
    });
    expect(report.errors).toEqual([]);
    expect(report.counts.examples).toBe(10);
  });

  it('reports every error kind', async () => {
    const report = await validateTrainingFile(fixture('preference-errors.jsonl'), {
      method: 'preference',
    });
    expect(brief(report.errors)).toEqual([
      [2, '$.input', 'missing_field'],
      [3, '$.preferred_output', 'wrong_type'],
      [4, '$.preferred_output[0].role', 'invalid_value'],
      [5, '$.preferred_output', 'invalid_value'],
      [6, '$.non_preferred_output', 'missing_field'],
      [8, '$.input', 'wrong_type'],
      [null, '$', 'too_few_examples'],
    ]);
    expect(brief(report.warnings)).toEqual([[7, '$.non_preferred_output', 'identical_outputs']]);
  });

  it("accepts the API's name 'dpo' and 'preference' as its alias, and reports 'dpo'", async () => {
    const dpo = await validateTrainingFile(fixture('preference-errors.jsonl'), { method: 'dpo' });
    expect(dpo.method).toBe('dpo');
    expect(
      await validateTrainingFile(fixture('preference-errors.jsonl'), { method: 'preference' }),
    ).toEqual(dpo);
    expect(dpo.billing?.note).toMatch(/both outputs/);
  });

  it('rejects supervised data given as preference data', async () => {
    const report = await validateTrainingFile(fixture('supervised-valid.jsonl'), {
      method: 'preference',
    });
    expect(report.counts.examples).toBe(0);
    expect(report.errors[0]).toMatchObject({ line: 1, path: '$.input', code: 'missing_field' });
  });
});

describe('reinforcement', () => {
  const grader = {
    type: 'score_model',
    input: [
      {
        role: 'user',
        content:
          'Answer: {{ sample.output_text }} Reference: {{item.reference_answer}} ±{{ item.tolerance }}',
      },
    ],
  };

  it('accepts prompts carrying every field the grader references', async () => {
    const report = await validateTrainingFile(fixture('reinforcement-valid.jsonl'), {
      method: 'reinforcement',
      grader,
    });
    expect(report.errors).toEqual([]);
    expect(report.billing?.estimatedBilledTokens).toBeNull();
  });

  it('reports missing referenced fields and a prompt ending with the answer', async () => {
    const report = await validateTrainingFile(fixture('reinforcement-errors.jsonl'), {
      method: 'reinforcement',
      grader,
    });
    expect(brief(report.errors)).toEqual([
      [2, '$.reference_answer', 'missing_referenced_field'],
      [2, '$.tolerance', 'missing_referenced_field'],
      [4, '$.messages', 'missing_field'],
      [null, '$', 'too_few_examples'],
    ]);
    expect(brief(report.warnings)).toEqual([
      [3, '$.messages[1]', 'trailing_messages'],
      [null, '$', 'missing_system_message'],
    ]);
  });

  it('checks fields named in requiredFields', async () => {
    const report = await validateTrainingFile(fixture('reinforcement-valid.jsonl'), {
      method: 'reinforcement',
      requiredFields: ['rubric'],
    });
    expect(report.counts.errors.missing_referenced_field).toBe(10);
  });
});

describe('file-level cases', () => {
  it('reads CRLF line endings like LF', async () => {
    const lf = await validateTrainingFile(fixture('supervised-valid.jsonl'), {
      method: 'supervised',
    });
    const crlf = await validateTrainingFile(fixture('crlf.jsonl'), { method: 'supervised' });
    expect(crlf.errors).toEqual([]);
    expect(crlf.counts.crlfLines).toBe(14);
    expect(crlf.tokens).toEqual(lf.tokens);
  });

  it('warns about a byte order mark and still reads the first line', async () => {
    const report = await validateTrainingFile(fixture('bom.jsonl'), { method: 'supervised' });
    expect(report.errors).toEqual([]);
    expect(report.counts.examples).toBe(14);
    expect(brief(report.warnings)[0]).toEqual([1, '$', 'byte_order_mark']);
  });

  it('reports an empty file', async () => {
    const report = await validateTrainingFile(fixture('empty.jsonl'), { method: 'supervised' });
    expect(brief(report.errors)).toEqual([[null, '$', 'empty_file']]);
    expect(report.counts).toMatchObject({ bytes: 0, lines: 0, examples: 0 });
    expect(report.tokens).toMatchObject({ examples: 0, total: 0, min: 0, max: 0, mean: 0 });
  });

  it('reports a file of blank lines as empty', async () => {
    const report = await validateTrainingData('\n  \n\r\n', { method: 'supervised' });
    expect(report.errors.map((e) => e.code)).toEqual(['empty_file']);
    expect(report.counts.blankLines).toBe(3);
  });

  it('reports a truncated last line as such', async () => {
    const report = await validateTrainingFile(fixture('truncated.jsonl'), { method: 'supervised' });
    expect(brief(report.errors)).toEqual([[15, '$', 'truncated_line']]);
    expect(report.errors[0]?.fix).toMatch(/incomplete/);
    expect(report.counts.examples).toBe(14);
  });

  it('pins non-UTF-8 bytes to their line and keeps reading', async () => {
    const report = await validateTrainingFile(fixture('non-utf8.jsonl'), { method: 'supervised' });
    expect(brief(report.errors)).toEqual([[11, '$', 'invalid_utf8']]);
    expect(report.errors[0]?.message).toContain('offset 42');
    expect(report.counts.examples).toBe(10);
  });

  it('lists at most maxIssues issues and counts the rest', async () => {
    const report = await validateTrainingData('nope\n'.repeat(25), {
      method: 'supervised',
      maxIssues: 5,
    });
    expect(report.errors).toHaveLength(5);
    expect(report.counts.errors.invalid_json).toBe(25);
    expect(report.counts.unlisted).toEqual({ errors: 21, warnings: 0 });
    expect(report.valid).toBe(false);
  });

  it('gives the same report for a string, a Blob and bytes', async () => {
    const bytes = fixtureBytes('supervised-errors.jsonl');
    const text = new TextDecoder().decode(bytes);
    const fromFile = await validateTrainingFile(fixture('supervised-errors.jsonl'), {
      method: 'supervised',
    });
    expect(await validateTrainingData(text, { method: 'supervised' })).toEqual(fromFile);
    expect(await validateTrainingData(new Blob([bytes]), { method: 'supervised' })).toEqual(
      fromFile,
    );
    expect(
      await validateTrainingData(new File([bytes], 'x.jsonl'), { method: 'supervised' }),
    ).toEqual(fromFile);
  });
});

describe('JSON paths', () => {
  it('quote keys that are not plain names', async () => {
    const line = JSON.stringify({
      messages: [
        { role: 'user', content: 'x', 'my key': 1 },
        { role: 'assistant', content: 'y' },
      ],
      'odd-key': true,
    });
    const report = await validateTrainingData(`${line}\n`, {
      method: 'supervised',
      countTokens: false,
    });
    expect(brief(report.errors)[0]).toEqual([1, '$.messages[0]["my key"]', 'unknown_field']);
    expect(brief(report.warnings)[0]).toEqual([1, '$["odd-key"]', 'unknown_field']);
  });
});
