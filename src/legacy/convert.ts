// Training data for the move from a completion model (davinci-002, babbage-002: prompt/completion
// lines) to a chat model (messages): each pair becomes a user turn and an assistant turn, with the
// separator and stop sequence the legacy format needed taken off, and an optional system message.
import { InvalidArgumentError } from '../errors.ts';

/**
 * Options of `toChatExample` and `toChatExamples`.
 * @deprecated Exists only to leave the legacy format: train the converted examples with `FineTuning#jobs.create()`.
 */
export interface ToChatOptions {
  /** A system message put first in every example. */
  system?: string | undefined;
  /**
   * The separator the prompts end with (the legacy guide suggested `\n\n###\n\n` or ` ->`): taken
   * off the end of each prompt. Trailing whitespace is taken off either way.
   */
  separator?: string | undefined;
  /**
   * The stop sequence the completions end with (e.g. `\n` or ` END`): taken off. The leading space
   * the legacy format recommended, and trailing whitespace, are taken off either way.
   */
  stop?: string | undefined;
}

/**
 * A prompt/completion pair, as the legacy format has it.
 * @deprecated Exists only to leave the legacy format: train the converted examples with `FineTuning#jobs.create()`.
 */
export interface CompletionExample {
  prompt: string;
  completion: string;
}

/**
 * A supervised chat example, as chat models train on it.
 * @deprecated Exists only to leave the legacy format: train the converted examples with `FineTuning#jobs.create()`.
 */
export interface ChatExample {
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
}

const cut = (text: string, end: string | undefined): string =>
  end && text.endsWith(end) ? text.slice(0, text.length - end.length) : text;

/**
 * One prompt/completion pair as a chat example.
 * @example
 * toChatExample({ prompt: 'Q1 ->', completion: ' A1\n' }, { separator: ' ->' });
 * // { messages: [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }] }
 * @deprecated Exists only to leave the legacy format: train the converted examples with `FineTuning#jobs.create()`.
 */
export function toChatExample(
  example: CompletionExample,
  options: ToChatOptions = {},
): ChatExample {
  if (
    typeof example !== 'object' ||
    example === null ||
    typeof example.prompt !== 'string' ||
    typeof example.completion !== 'string'
  ) {
    throw new InvalidArgumentError(
      'toChatExample: the example must be {"prompt": string, "completion": string}.',
    );
  }
  const prompt = cut(example.prompt.trimEnd(), options.separator?.trimEnd()).trimEnd();
  const completion = cut(example.completion.replace(/^ /, ''), options.stop).trimEnd();
  return {
    messages: [
      ...(options.system ? [{ role: 'system' as const, content: options.system }] : []),
      { role: 'user' as const, content: prompt },
      { role: 'assistant' as const, content: completion },
    ],
  };
}

/**
 * JSONL of prompt/completion pairs to JSONL of chat examples, line by line (blank lines are
 * dropped). A line that is not a pair throws an InvalidArgumentError naming it.
 * @example
 * for await (const line of toChatExamples(readLines('legacy.jsonl'), { separator: ' ->' })) out.write(`${line}\n`);
 * @deprecated Exists only to leave the legacy format: train the converted examples with `FineTuning#jobs.create()`.
 */
export async function* toChatExamples(
  lines: AsyncIterable<string> | Iterable<string>,
  options: ToChatOptions = {},
): AsyncGenerator<string, void, undefined> {
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidArgumentError(
        `toChatExamples: line ${number} is not valid JSON (${(error as Error).message}); write one {"prompt", "completion"} object per line.`,
      );
    }
    try {
      yield JSON.stringify(toChatExample(value as CompletionExample, options));
    } catch {
      throw new InvalidArgumentError(
        `toChatExamples: line ${number} is not a {"prompt": string, "completion": string} pair.`,
      );
    }
  }
}
