// An interrupted validation continues from a checkpoint (#30: `openai-ft files upload --resume`
// checked every line again): the lines before it are not read again, and the report is the one a
// full run gives. Real worker threads on a few megabytes; checkpoints saved and read as JSON, as
// the CLI keeps them in FILE.upload.json.
import { describe, expect, it } from 'vitest';
import {
  validateTrainingChunks,
  type ValidateTrainingChunksOptions,
  type ValidationCheckpoint,
} from '../../src/node/index.ts';

const enc = new TextEncoder();
const NL = 10;

/** About 6 MiB of distinct chat examples, with a bad line now and then (errors on both sides of any checkpoint). */
function source(): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 6 << 20; i++)
    lines.push(
      i % 997 === 5
        ? '{"messages": [{"role": "user", "content": "no answer"}]}'
        : JSON.stringify({
            messages: [
              { role: 'system', content: 'Be brief.' },
              { role: 'user', content: `Question ${i}: ${'x'.repeat(i % 200)}` },
              { role: 'assistant', content: `Answer ${i}.` },
            ],
          }),
    );
  return enc.encode(`${lines.join('\n')}\n`);
}

/** The bytes in chunks of 64 KiB, as a file stream gives them. */
async function* chunks(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 64 << 10) yield bytes.subarray(at, at + (64 << 10));
}

const OPTIONS: ValidateTrainingChunksOptions = {
  method: 'supervised',
  countTokens: false,
  workers: 2,
  maxIssues: 50,
};
const saved = (c: ValidationCheckpoint): ValidationCheckpoint => JSON.parse(JSON.stringify(c));

describe('validateTrainingChunks: resumeFrom a checkpoint', () => {
  const bytes = source();

  it('gives checkpoints at line ends, then the same report from one as from the start, without reading the lines before it', async () => {
    const checkpoints: ValidationCheckpoint[] = [];
    const full = await validateTrainingChunks(chunks(bytes), {
      ...OPTIONS,
      onCheckpoint: (c) => checkpoints.push(saved(c)),
    });
    expect(full.valid).toBe(false);
    expect(full.counts.errors).toEqual({ no_assistant_message: expect.any(Number) });
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    for (const c of checkpoints) expect(bytes[c.bytes - 1]).toBe(NL);
    expect(checkpoints.map((c) => c.bytes)).toEqual(
      [...checkpoints.map((c) => c.bytes)].sort((a, b) => a - b),
    );

    const middle = checkpoints[Math.floor(checkpoints.length / 2)]!;
    const resumed = await validateTrainingChunks(chunks(bytes), { ...OPTIONS, resumeFrom: middle });
    expect(resumed).toEqual(full);

    // The bytes before the checkpoint made unreadable: not read, so the report does not change.
    const scrambled = bytes.slice();
    scrambled.fill(0x78, 0, middle.bytes - 1);
    const skipped = await validateTrainingChunks(chunks(scrambled), {
      ...OPTIONS,
      resumeFrom: middle,
    });
    expect(skipped).toEqual(full);
  });

  it('checks everything again from a checkpoint made with other checks', async () => {
    let checkpoint: ValidationCheckpoint | undefined;
    await validateTrainingChunks(chunks(bytes), {
      ...OPTIONS,
      onCheckpoint: (c) => (checkpoint ??= saved(c)),
    });
    const scrambled = bytes.slice();
    scrambled.fill(0x78, 0, checkpoint!.bytes - 1);
    const report = await validateTrainingChunks(chunks(scrambled), {
      ...OPTIONS,
      maxIssues: 49,
      resumeFrom: checkpoint,
    });
    expect(report.errors[0]).toMatchObject({ line: 1, code: 'invalid_json' });
  });
});
