// Sources: strings, Blobs, web streams and async iterables, chunked at every possible boundary
// (inside a multi-byte character, between \r and \n); unreadable input is the only thing that throws.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.ts';
import {
  UnreadableTrainingDataError,
  validateTrainingData,
} from '../../src/training-data/index.ts';
import { chunked, fixtureBytes } from './helpers.ts';

const method = 'supervised' as const;

describe('sources', () => {
  it('gives the same report for every chunk size, including splits inside characters and CRLF', async () => {
    const bytes = new Uint8Array([
      ...fixtureBytes('crlf.jsonl'),
      ...fixtureBytes('non-utf8.jsonl'),
      ...fixtureBytes('truncated.jsonl'),
    ]);
    const whole = await validateTrainingData(new Blob([bytes]), { method });
    expect(whole.counts.lines).toBe(14 + 11 + 15);
    for (const size of [1, 2, 3, 5, 7, 64, 1000]) {
      expect(
        await validateTrainingData(chunked(bytes, size), { method }),
        `chunks of ${size}`,
      ).toEqual(whole);
    }
  });

  it('reads an async iterable of bytes', async () => {
    const bytes = fixtureBytes('supervised-valid.jsonl');
    async function* gen() {
      yield bytes.subarray(0, 100);
      yield bytes.subarray(100);
    }
    const report = await validateTrainingData(gen(), { method });
    expect(report.counts.examples).toBe(14);
  });

  it('keeps surrogate pairs whole when a large string is encoded in slices', async () => {
    // Strings are encoded in 1 Mi-unit slices; put the first emoji's high surrogate last in a slice.
    const head = '{"messages":[{"role":"user","content":"';
    const example = `${head}🙂🙂🙂"},{"role":"assistant","content":"ok"}]}`;
    const filler = `${'x'.repeat(2 ** 20 - 1 - head.length - 1)}\n`;
    const text = filler + example;
    const report = await validateTrainingData(text, { method, countTokens: false });
    // A split pair would be encoded as two 3-byte replacement characters instead of one 4-byte emoji.
    expect(report.counts.bytes).toBe(new TextEncoder().encode(text).length);
    expect(report.counts.examples).toBe(1);
  });

  it('throws UnreadableTrainingDataError when the stream fails, with the cause', async () => {
    const cause = new Error('disk on fire');
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('{"messages": []}\n'));
        } else controller.error(cause);
      },
    });
    const error = await validateTrainingData(stream, { method }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableTrainingDataError);
    expect((error as Error).message).toBe(
      'validateTrainingData: the source could not be read after 17 bytes: disk on fire',
    );
    expect((error as Error).cause).toBe(cause);
  });

  it('throws InvalidArgumentError for a stream of non-bytes, a non-source, or bad options', async () => {
    const text = new ReadableStream({ start: (c) => (c.enqueue(123), c.close()) });
    await expect(validateTrainingData(text as never, { method })).rejects.toThrow(
      /gave a chunk of type number; it must give bytes/,
    );
    await expect(validateTrainingData(42 as never, { method })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(validateTrainingData(null as never, { method })).rejects.toThrow(
      /got null. To read a file from disk, use validateTrainingFile/,
    );
    await expect(validateTrainingData('', { method: 'sft' } as never)).rejects.toThrow(
      'validateTrainingData: `method` must be one of supervised, dpo, reinforcement (\'preference\' is accepted for dpo), got "sft".',
    );
    await expect(validateTrainingData('', { method, epochs: 0 })).rejects.toThrow(
      '`epochs` must be a positive whole number, got 0.',
    );
    await expect(validateTrainingData('', undefined as never)).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('stops on abort with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls += 1;
        if (pulls === 3) controller.abort(reason);
        c.enqueue(new TextEncoder().encode('{}\n'));
      },
    });
    await expect(validateTrainingData(endless, { method, signal: controller.signal })).rejects.toBe(
      reason,
    );
    expect(pulls).toBeLessThan(10);
  });
});
