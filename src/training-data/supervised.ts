// Supervised examples: {"messages": [...], "tools"?: [...], "functions"?: [...], "parallel_tool_calls"?: bool}.
import { checkKeys, checkMessages, checkTools, type Json } from './messages.ts';
import type { ReportBuilder } from './report.ts';
import type { ChatTokens } from './chat-tokens.ts';

const KEYS = new Set(['messages', 'tools', 'functions', 'parallel_tool_calls']);

export function checkSupervised(
  example: Json,
  r: ReportBuilder,
  tokens: ChatTokens | null,
  model?: string,
): number {
  if (example.messages === undefined && 'prompt' in example && 'completion' in example) {
    // One error that says what the line is, rather than "messages is missing" and two unknown fields.
    r.error(
      '$',
      'legacy_format',
      `The line is a prompt/completion pair, the format of the completion models davinci-002 and babbage-002; ${model ?? 'this model'} is a chat model and trains on \`messages\`.`,
      'Pass --model davinci-002 (or babbage-002) to train on it as it is, or convert it to chat examples: openai-ft convert FILE > chat.jsonl (or toChatExamples from openai-fine-tuning/legacy).',
    );
    return 0;
  }
  checkKeys(example, KEYS, r);
  checkTools(example, '$', r);
  const roles = checkMessages(example.messages, '$.messages', { weight: true }, r);
  if (roles && roles.length > 0) {
    const messages = example.messages as Json[];
    const assistants = roles.flatMap((role, i) => (role === 'assistant' ? [i] : []));
    if (assistants.length === 0) {
      r.error(
        '$.messages',
        'no_assistant_message',
        'The example has no assistant message, so there is nothing to learn from it.',
        'Add the reply the model should give as {"role": "assistant", "content": "..."}.',
      );
    } else {
      if (assistants.every((i) => messages[i]?.weight === 0)) {
        r.warn(
          '$.messages',
          'nothing_to_learn',
          'Every assistant message has weight 0, so this example trains nothing.',
          'Set "weight": 1 on at least one assistant message.',
        );
      }
      const last = assistants[assistants.length - 1]!;
      if (last < roles.length - 1) {
        r.warn(
          `$.messages[${last + 1}]`,
          'trailing_messages',
          'Messages after the last assistant message are not trained on.',
          'End the example with the assistant reply.',
        );
      }
    }
  }
  return tokens ? tokens.conversation(example.messages, example.tools ?? example.functions) : 0;
}
