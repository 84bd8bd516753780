// Prompt/completion examples, the format of the completion models davinci-002 and babbage-002:
// {"prompt": "...", "completion": "..."}. Chat models take `messages` instead (./supervised.ts);
// `toChatExamples` in `openai-fine-tuning/legacy` (and `openai-ft convert`) turns one into the other.
import { checkKeys, child, kind, type Json } from './messages.ts';
import type { ReportBuilder } from './report.ts';
import type { ChatTokens } from './chat-tokens.ts';

const KEYS = new Set(['prompt', 'completion']);

export function checkCompletion(
  example: Json,
  r: ReportBuilder,
  tokens: ChatTokens | null,
): number {
  checkKeys(example, KEYS, r);
  if (Array.isArray(example.messages)) {
    r.error(
      '$.messages',
      'invalid_value',
      'This line is a chat example (`messages`), but completion models (davinci-002, babbage-002) train on prompt/completion pairs.',
      'Write {"prompt": "...", "completion": "..."} lines, or fine-tune a chat model such as gpt-4o-mini-2024-07-18 with this file.',
    );
    return 0;
  }
  for (const key of ['prompt', 'completion'] as const) {
    const value = example[key];
    if (value === undefined)
      r.error(
        child('$', key),
        'missing_field',
        `\`${key}\` is missing.`,
        'Give every line a "prompt" and a "completion" string.',
      );
    else if (typeof value !== 'string')
      r.error(
        child('$', key),
        'wrong_type',
        `\`${key}\` must be a string, got ${kind(value)}.`,
        `Write the ${key} as text.`,
      );
  }
  if (example.completion === '')
    r.error(
      '$.completion',
      'invalid_value',
      '`completion` is empty, so there is nothing to learn from this example.',
      'Write the text the model should produce after the prompt.',
    );
  if (typeof example.prompt !== 'string' || typeof example.completion !== 'string') return 0;
  if (!tokens) return 0;
  return tokens.counter.countRepeated(example.prompt) + tokens.counter.count(example.completion);
}
