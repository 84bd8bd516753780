// Preference (DPO) examples: {"input": {"messages": [...], "tools"?: [...]},
// "preferred_output": [assistant message], "non_preferred_output": [assistant message]}.
import {
  checkKeys,
  checkMessage,
  checkMessages,
  checkTools,
  isObject,
  kind,
  type Json,
} from './messages.ts';
import type { ReportBuilder } from './report.ts';
import type { ChatTokens } from './chat-tokens.ts';

const KEYS = new Set(['input', 'preferred_output', 'non_preferred_output']);

function checkOutput(output: unknown, name: string, r: ReportBuilder): void {
  const path = `$.${name}`;
  if (output === undefined) {
    r.error(
      path,
      'missing_field',
      `\`${name}\` is missing.`,
      `Add "${name}": [{"role": "assistant", "content": "..."}].`,
    );
  } else if (!Array.isArray(output)) {
    r.error(
      path,
      'wrong_type',
      `\`${name}\` must be an array holding one assistant message, got ${kind(output)}.`,
      `Wrap the message in an array: "${name}": [{...}].`,
    );
  } else if (output.length !== 1) {
    r.error(
      path,
      'invalid_value',
      `\`${name}\` must hold exactly one assistant message, got ${output.length}.`,
      'Keep only the final assistant reply.',
    );
  } else {
    const role = checkMessage(output[0], `${path}[0]`, { weight: false }, r);
    if (role !== undefined && role !== 'assistant') {
      r.error(
        `${path}[0].role`,
        'invalid_value',
        `The output message must have role "assistant", got "${role}".`,
        'Set "role": "assistant".',
      );
    }
  }
}

export function checkPreference(
  example: Json,
  r: ReportBuilder,
  counter: ChatTokens | null,
): number {
  checkKeys(example, KEYS, r);
  const input = example.input;
  if (input === undefined) {
    r.error(
      '$.input',
      'missing_field',
      '`input` is missing.',
      'Add "input": {"messages": [{"role": "user", "content": "..."}]}.',
    );
  } else if (!isObject(input)) {
    r.error(
      '$.input',
      'wrong_type',
      `\`input\` must be an object with \`messages\`, got ${kind(input)}.`,
      'Use "input": {"messages": [...]}.',
    );
  } else {
    checkMessages(input.messages, '$.input.messages', { weight: false }, r);
    checkTools(input, '$.input', r);
  }
  checkOutput(example.preferred_output, 'preferred_output', r);
  checkOutput(example.non_preferred_output, 'non_preferred_output', r);
  if (
    Array.isArray(example.preferred_output) &&
    JSON.stringify(example.preferred_output) === JSON.stringify(example.non_preferred_output)
  ) {
    r.warn(
      '$.non_preferred_output',
      'identical_outputs',
      'The preferred and non-preferred outputs are the same; the pair teaches nothing.',
      'Give a worse answer as non_preferred_output.',
    );
  }
  if (!counter) return 0;
  const inputObject = isObject(input) ? input : {};
  let tokens = counter.conversation(inputObject.messages, inputObject.tools);
  for (const output of [example.preferred_output, example.non_preferred_output]) {
    if (Array.isArray(output)) for (const m of output) tokens += counter.message(m);
  }
  return tokens;
}
