// Checks for the chat pieces all three methods share: messages, tool calls and tool definitions.
// Long because each check of a chat message is short, and the three training methods share them
// all.
import type { ReportBuilder } from './report.ts';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON path of `key` under `path`: `$.a.b`, or `$["a b"]` when the key is not a plain name. */
export const child = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
const MESSAGE_KEYS = new Set([
  'role',
  'content',
  'name',
  'weight',
  'tool_calls',
  'function_call',
  'tool_call_id',
  'refusal',
]);

export interface MessageRules {
  /** Whether `weight` may appear (supervised assistant turns only). */
  weight: boolean;
}

function checkContentParts(parts: unknown[], path: string, role: string, r: ReportBuilder): void {
  parts.forEach((part, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(part)) {
      r.error(
        at,
        'wrong_type',
        `A content part must be an object, got ${kind(part)}.`,
        'Use {"type": "text", "text": "..."}.',
      );
      return;
    }
    if (part.type === 'text') {
      if (typeof part.text !== 'string') {
        r.error(
          `${at}.text`,
          'wrong_type',
          `A text part needs \`text\` as a string, got ${kind(part.text)}.`,
          'Put the text in "text".',
        );
      }
    } else if (part.type === 'image_url') {
      if (role !== 'user') {
        r.error(
          at,
          'invalid_value',
          `Images are only read in user messages, not in a ${role} message.`,
          'Move the image into a user message.',
        );
      }
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string' || url === '') {
        r.error(
          `${at}.image_url.url`,
          'missing_field',
          'An image part needs `image_url.url` (an https URL or a data: URL).',
          'Add {"image_url": {"url": "https://..."}}.',
        );
      }
    } else {
      r.error(
        `${at}.type`,
        'invalid_value',
        `Unknown content part type ${JSON.stringify(part.type)}.`,
        'Use "text", or "image_url" in user messages.',
      );
    }
  });
}

function checkToolCalls(calls: unknown, path: string, r: ReportBuilder): void {
  if (!Array.isArray(calls)) {
    r.error(
      path,
      'wrong_type',
      `\`tool_calls\` must be an array, got ${kind(calls)}.`,
      'Use [{"id": "...", "type": "function", "function": {...}}].',
    );
    return;
  }
  calls.forEach((call, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(call)) {
      r.error(
        at,
        'wrong_type',
        `A tool call must be an object, got ${kind(call)}.`,
        'Use {"id": "...", "type": "function", "function": {"name": "...", "arguments": "{}"}}.',
      );
      return;
    }
    if (typeof call.id !== 'string')
      r.error(
        `${at}.id`,
        'missing_field',
        'A tool call needs an `id` string.',
        'Add "id" and repeat it as `tool_call_id` in the tool message that answers it.',
      );
    if (call.type !== 'function')
      r.error(
        `${at}.type`,
        'invalid_value',
        `A tool call's \`type\` must be "function", got ${JSON.stringify(call.type)}.`,
        'Set "type": "function".',
      );
    checkFunctionCall(call.function, `${at}.function`, r);
  });
}

function checkFunctionCall(fn: unknown, path: string, r: ReportBuilder): void {
  if (!isObject(fn)) {
    r.error(
      path,
      'missing_field',
      `A function call must be an object with \`name\` and \`arguments\`, got ${kind(fn)}.`,
      'Use {"name": "...", "arguments": "{...}"}.',
    );
    return;
  }
  if (typeof fn.name !== 'string' || fn.name === '')
    r.error(
      `${path}.name`,
      'missing_field',
      'A function call needs a `name` string.',
      'Add the name of the function called.',
    );
  if (typeof fn.arguments !== 'string') {
    r.error(
      `${path}.arguments`,
      'wrong_type',
      `\`arguments\` must be a JSON-encoded string, got ${kind(fn.arguments)}.`,
      'Encode the arguments object with JSON.stringify.',
    );
  } else {
    try {
      JSON.parse(fn.arguments);
    } catch {
      r.error(
        `${path}.arguments`,
        'invalid_value',
        '`arguments` is not valid JSON.',
        'Encode the arguments object with JSON.stringify.',
      );
    }
  }
}

/** Checks one message; returns its role when it has a valid one. */
export function checkMessage(
  message: unknown,
  path: string,
  rules: MessageRules,
  r: ReportBuilder,
): string | undefined {
  if (!isObject(message)) {
    r.error(
      path,
      'wrong_type',
      `A message must be an object, got ${kind(message)}.`,
      'Use {"role": "...", "content": "..."}.',
    );
    return undefined;
  }
  for (const key of Object.keys(message)) {
    if (!MESSAGE_KEYS.has(key)) {
      r.error(
        child(path, key),
        'unknown_field',
        `Unknown message field \`${key}\`; the API rejects it.`,
        'Remove it; a message has role, content, and optionally name, weight, tool_calls, tool_call_id.',
      );
    }
  }
  const role = message.role;
  if (typeof role !== 'string' || !ROLES.includes(role)) {
    r.error(
      `${path}.role`,
      role === undefined ? 'missing_field' : 'invalid_value',
      `\`role\` must be one of ${ROLES.join(', ')}; got ${role === undefined ? 'nothing' : JSON.stringify(role)}.`,
      'Set a valid role.',
    );
    return undefined;
  }
  const calls = message.tool_calls !== undefined || message.function_call !== undefined;
  const content = message.content;
  if (content === undefined || content === null) {
    if (!(role === 'assistant' && calls)) {
      r.error(
        `${path}.content`,
        'missing_field',
        `A ${role} message needs \`content\`.`,
        role === 'assistant' ? 'Add the reply text, or tool_calls.' : 'Add the text as "content".',
      );
    }
  } else if (content === '' || (Array.isArray(content) && content.length === 0)) {
    // The API takes it, and the model learns an empty turn: say so rather than pass silently.
    // An assistant turn that makes calls may leave its text empty.
    if (!(role === 'assistant' && calls)) {
      r.warn(
        `${path}.content`,
        'empty_content',
        `The ${role} message has empty content, so the model ${role === 'assistant' ? 'learns to answer with nothing here' : 'sees an empty turn'}.`,
        role === 'assistant'
          ? 'Write the reply the model should learn, or remove the turn.'
          : 'Write the text as "content", or remove the message.',
      );
    }
  } else if (Array.isArray(content)) {
    checkContentParts(content, `${path}.content`, role, r);
  } else if (typeof content !== 'string') {
    r.error(
      `${path}.content`,
      'wrong_type',
      `\`content\` must be a string or an array of content parts, got ${kind(content)}.`,
      'Use a string.',
    );
  }
  if (message.name !== undefined && typeof message.name !== 'string') {
    r.error(
      `${path}.name`,
      'wrong_type',
      `\`name\` must be a string, got ${kind(message.name)}.`,
      'Use a string or remove it.',
    );
  }
  if (message.weight !== undefined) {
    if (!rules.weight || role !== 'assistant') {
      r.error(
        `${path}.weight`,
        'invalid_value',
        `\`weight\` is only allowed on assistant messages of supervised examples.`,
        'Remove it.',
      );
    } else if (message.weight !== 0 && message.weight !== 1) {
      r.error(
        `${path}.weight`,
        'invalid_value',
        `\`weight\` must be 0 or 1, got ${JSON.stringify(message.weight)}.`,
        'Use 1 to train on this turn, 0 to skip it.',
      );
    }
  }
  if (message.tool_calls !== undefined) {
    if (role !== 'assistant')
      r.error(
        `${path}.tool_calls`,
        'invalid_value',
        `Only assistant messages make tool calls, not ${role} messages.`,
        'Move the tool calls to an assistant message.',
      );
    else checkToolCalls(message.tool_calls, `${path}.tool_calls`, r);
  }
  if (message.function_call !== undefined) {
    if (role !== 'assistant')
      r.error(
        `${path}.function_call`,
        'invalid_value',
        `Only assistant messages make function calls, not ${role} messages.`,
        'Move the call to an assistant message.',
      );
    else checkFunctionCall(message.function_call, `${path}.function_call`, r);
  }
  if (role === 'tool' && typeof message.tool_call_id !== 'string') {
    r.error(
      `${path}.tool_call_id`,
      'missing_field',
      'A tool message needs `tool_call_id`, the id of the call it answers.',
      'Add "tool_call_id" matching the assistant\'s tool call id.',
    );
  }
  return role;
}

/** Checks a list of messages; returns the roles in order (undefined for invalid messages). */
export function checkMessages(
  messages: unknown,
  path: string,
  rules: MessageRules,
  r: ReportBuilder,
): Array<string | undefined> | undefined {
  if (messages === undefined) {
    r.error(
      path,
      'missing_field',
      `\`${path.split('.').pop()}\` is missing.`,
      'Add the conversation as an array of {"role", "content"} messages.',
    );
    return undefined;
  }
  if (!Array.isArray(messages)) {
    r.error(
      path,
      'wrong_type',
      `\`${path.split('.').pop()}\` must be an array of messages, got ${kind(messages)}.`,
      'Use [{"role": "user", "content": "..."}, ...].',
    );
    return undefined;
  }
  if (messages.length === 0) {
    r.error(
      path,
      'invalid_value',
      'The conversation has no messages.',
      'Add at least one message.',
    );
    return [];
  }
  return messages.map((m, i) => checkMessage(m, `${path}[${i}]`, rules, r));
}

/** Checks `tools` (function definitions) and the legacy `functions`. */
export function checkTools(example: Json, path: string, r: ReportBuilder): void {
  if (example.tools !== undefined) {
    if (!Array.isArray(example.tools)) {
      r.error(
        `${path}.tools`,
        'wrong_type',
        `\`tools\` must be an array, got ${kind(example.tools)}.`,
        'Use [{"type": "function", "function": {"name": "...", "parameters": {...}}}].',
      );
    } else {
      example.tools.forEach((tool, i) => {
        const at = `${path}.tools[${i}]`;
        if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) {
          r.error(
            at,
            'invalid_value',
            'A tool must be {"type": "function", "function": {...}}.',
            'Wrap the function definition in {"type": "function", "function": ...}.',
          );
        } else checkFunctionDefinition(tool.function, `${at}.function`, r);
      });
    }
  }
  if (example.functions !== undefined) {
    if (!Array.isArray(example.functions)) {
      r.error(
        `${path}.functions`,
        'wrong_type',
        `\`functions\` must be an array, got ${kind(example.functions)}.`,
        'Use [{"name": "...", "parameters": {...}}], or move to `tools`.',
      );
    } else
      for (const [i, fn] of example.functions.entries())
        checkFunctionDefinition(fn, `${path}.functions[${i}]`, r);
  }
  if (
    example.parallel_tool_calls !== undefined &&
    typeof example.parallel_tool_calls !== 'boolean'
  ) {
    r.error(
      `${path}.parallel_tool_calls`,
      'wrong_type',
      `\`parallel_tool_calls\` must be a boolean, got ${kind(example.parallel_tool_calls)}.`,
      'Use true or false.',
    );
  }
}

function checkFunctionDefinition(fn: unknown, path: string, r: ReportBuilder): void {
  if (!isObject(fn)) {
    r.error(
      path,
      'wrong_type',
      `A function definition must be an object, got ${kind(fn)}.`,
      'Use {"name": "...", "parameters": {...}}.',
    );
    return;
  }
  if (typeof fn.name !== 'string' || fn.name === '')
    r.error(
      `${path}.name`,
      'missing_field',
      'A function definition needs a `name`.',
      'Add "name".',
    );
  if (fn.parameters !== undefined && !isObject(fn.parameters)) {
    r.error(
      `${path}.parameters`,
      'wrong_type',
      `\`parameters\` must be a JSON Schema object, got ${kind(fn.parameters)}.`,
      'Use {"type": "object", "properties": {...}}.',
    );
  }
}

/** Warns about top-level keys a method does not read. */
export function checkKeys(example: Json, known: ReadonlySet<string>, r: ReportBuilder): void {
  for (const key of Object.keys(example)) {
    if (!known.has(key)) {
      r.warn(
        child('$', key),
        'unknown_field',
        `Unknown field \`${key}\`; it is not read for this method.`,
        `Remove it; this method reads ${[...known].join(', ')}.`,
      );
    }
  }
}
