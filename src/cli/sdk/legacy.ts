// Legacy adapter: `toChatExamples` of `openai-fine-tuning/legacy`, for `openai-ft convert`. Loaded
// on use, so the other commands start without it.
import type { ToChatOptions } from '../../legacy/index.ts';

export type { ToChatOptions };

/** Loads the converter; call it before opening the input, so no line is read before it is there. */
export async function chatConverter(): Promise<
  (lines: AsyncIterable<string>, options: ToChatOptions) => AsyncGenerator<string, void, undefined>
> {
  return (await import('../../legacy/index.ts')).toChatExamples;
}
