// Which base models the local server accepts for fine-tuning, and the snapshot an alias resolves
// to (the API reports the snapshot in `job.model`). Fine-tuned models (`ft:…`) can be tuned again.
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
const KNOWN = new Set([...Object.keys(SNAPSHOTS), ...Object.values(SNAPSHOTS)]);

/** The snapshot to train, or undefined when the model cannot be fine-tuned. */
export function resolveModel(model: string): string | undefined {
  if (model.startsWith('ft:')) return model;
  if (!KNOWN.has(model)) return undefined;
  return SNAPSHOTS[model] ?? model;
}

export const FINE_TUNABLE = Object.keys(SNAPSHOTS);
