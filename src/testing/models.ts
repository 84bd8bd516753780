// Which base models the local server accepts for fine-tuning, by method, and the snapshot an alias
// resolves to (the API reports the snapshot in `job.model`). Fine-tuned models (`ft:…`) can be tuned
// again with the method their base model takes.
//
// Sources (each named in docs/local-server.md's table of rules):
// - supervised: the fine-tuning guide, "Which models can be fine-tuned"
//   (https://platform.openai.com/docs/guides/fine-tuning), and the supervised fine-tuning guide.
// - dpo: the direct preference optimization guide
//   (https://platform.openai.com/docs/guides/direct-preference-optimization): the gpt-4.1 family,
//   and gpt-4o-2024-08-06 and gpt-4o-mini-2024-07-18 since preference fine-tuning was launched.
// - reinforcement: the reinforcement fine-tuning guide
//   (https://platform.openai.com/docs/guides/reinforcement-fine-tuning): o4-mini-2025-04-16 only.
import type { MethodType } from './training-data.ts';

const SNAPSHOTS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  'o4-mini': 'o4-mini-2025-04-16',
  'babbage-002': 'babbage-002',
  'davinci-002': 'davinci-002',
};

/** The methods each snapshot takes. */
export const METHODS_BY_MODEL: Record<string, readonly MethodType[]> = {
  'gpt-4o-mini-2024-07-18': ['supervised', 'dpo'],
  'gpt-4o-2024-08-06': ['supervised', 'dpo'],
  'gpt-4.1-2025-04-14': ['supervised', 'dpo'],
  'gpt-4.1-mini-2025-04-14': ['supervised', 'dpo'],
  'gpt-4.1-nano-2025-04-14': ['supervised', 'dpo'],
  'gpt-3.5-turbo-0125': ['supervised'],
  'o4-mini-2025-04-16': ['reinforcement'],
  'babbage-002': ['supervised'],
  'davinci-002': ['supervised'],
};

/** The snapshot to train, or undefined when the model cannot be fine-tuned. */
export function resolveModel(model: string): string | undefined {
  if (model.startsWith('ft:')) return model;
  if (Object.hasOwn(SNAPSHOTS, model)) return SNAPSHOTS[model];
  return Object.hasOwn(METHODS_BY_MODEL, model) ? model : undefined;
}

/** The methods a resolved model takes; a fine-tuned model takes its base model's. */
export function methodsOf(snapshot: string): readonly MethodType[] {
  const base = snapshot.startsWith('ft:') ? snapshot.split(':')[1]! : snapshot;
  return (Object.hasOwn(METHODS_BY_MODEL, base) ? METHODS_BY_MODEL[base] : undefined) ?? ['supervised'];
}

/** The models that take `method`, aliases first, for error messages. */
export function modelsFor(method: MethodType): string[] {
  return Object.keys(SNAPSHOTS).filter((alias) => METHODS_BY_MODEL[SNAPSHOTS[alias]!]!.includes(method));
}

export const FINE_TUNABLE = Object.keys(SNAPSHOTS);
