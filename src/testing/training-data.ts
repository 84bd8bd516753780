// The checks a job's training file gets while the job is `validating_files`: the local server
// fails the job the way the API does, with `error.code = 'invalid_training_file'` and the line.
// It checks the structure the fine-tuning method needs, not the content's quality.

import { jsonDepth, MAX_JSON_DEPTH } from './request.ts';
export type MethodType = 'supervised' | 'dpo' | 'reinforcement';

export interface DatasetSummary {
  examples: number;
  /** A rough token count (characters / 4), enough for `trained_tokens`. */
  tokens: number;
}

export class TrainingDataError extends Error {}

const MIN_EXAMPLES = 10;
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function checkMessages(messages: unknown, where: string, needAssistant: boolean): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new TrainingDataError(`${where}: \`messages\` must be a non-empty array.`);
  }
  messages.forEach((m, i) => {
    const role = (m as { role?: unknown } | null)?.role;
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw new TrainingDataError(
        `${where}: messages[${i}].role must be one of ${[...ROLES].join(', ')}.`,
      );
    }
  });
  if (needAssistant && !messages.some((m) => (m as { role: string }).role === 'assistant')) {
    throw new TrainingDataError(`${where}: no assistant message to learn from.`);
  }
}

function checkExample(example: unknown, where: string, method: MethodType): void {
  if (!example || typeof example !== 'object' || Array.isArray(example)) {
    throw new TrainingDataError(`${where}: each line must be a JSON object.`);
  }
  const e = example as Record<string, unknown>;
  if (method === 'dpo') {
    checkMessages(
      (e.input as { messages?: unknown } | undefined)?.messages,
      `${where} input`,
      false,
    );
    if (!Array.isArray(e.preferred_output) || !Array.isArray(e.non_preferred_output)) {
      throw new TrainingDataError(
        `${where}: DPO examples need \`preferred_output\` and \`non_preferred_output\` arrays.`,
      );
    }
    return;
  }
  if (method === 'supervised' && 'prompt' in e && 'completion' in e) {
    if (typeof e.prompt !== 'string' || typeof e.completion !== 'string') {
      throw new TrainingDataError(`${where}: \`prompt\` and \`completion\` must be strings.`);
    }
    return;
  }
  checkMessages(e.messages, where, method === 'supervised');
}

export function checkTrainingData(content: string, method: MethodType): DatasetSummary {
  const lines = content.split(/\r?\n/);
  let examples = 0;
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const where = `line ${index + 1}`;
    // Walked and re-serialised below: a line deeper than any request body may be is refused first.
    if (jsonDepth(line) > MAX_JSON_DEPTH)
      throw new TrainingDataError(
        `${where}: nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; no example needs that.`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new TrainingDataError(`${where}: not valid JSON.`);
    }
    checkExample(parsed, where, method);
    examples += 1;
  });
  if (examples < MIN_EXAMPLES) {
    throw new TrainingDataError(
      `The file has ${examples} example(s); fine-tuning needs at least ${MIN_EXAMPLES}.`,
    );
  }
  return { examples, tokens: Math.ceil(content.length / 4) };
}
