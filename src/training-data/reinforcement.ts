// Reinforcement examples: {"messages": [...prompt], "tools"?: [...], ...fields the grader reads}.
// Graders reach into an example with templates such as `{{ item.reference_answer }}`; every such
// field must be present on every line or the grader fails at training time.
import { checkMessages, checkTools, child, type Json } from './messages.ts';
import type { ReportBuilder } from './report.ts';
import type { ChatTokens } from './chat-tokens.ts';

const ITEM_REFERENCE = /\{\{\s*item\.([A-Za-z_][\w-]*)/g;

/** The top-level example fields a grader (any nesting of objects, arrays and template strings) refers to. */
export function referencedFields(grader: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string')
      for (const match of value.matchAll(ITEM_REFERENCE)) found.add(match[1]!);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(grader);
  return [...found].sort();
}

export function checkReinforcement(
  example: Json,
  fields: readonly string[],
  r: ReportBuilder,
  tokens: ChatTokens | null,
): number {
  checkTools(example, '$', r);
  const roles = checkMessages(example.messages, '$.messages', { weight: false }, r);
  if (roles && roles.length > 0 && roles[roles.length - 1] === 'assistant') {
    r.warn(
      `$.messages[${roles.length - 1}]`,
      'trailing_messages',
      'The prompt ends with an assistant message; the model writes the answer itself during training.',
      'End the prompt with the user (or developer) message the model answers.',
    );
  }
  for (const field of fields) {
    if (example[field] === undefined) {
      r.error(
        child('$', field),
        'missing_referenced_field',
        `The grader reads \`item.${field}\` but this example has no \`${field}\`.`,
        `Add "${field}" to every line, or change the grader.`,
      );
    }
  }
  return tokens ? tokens.conversation(example.messages, example.tools) : 0;
}
