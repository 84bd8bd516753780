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

/** When the base models were released (seconds), as `GET /models` reports them. */
const BASE_CREATED: Record<string, number> = {
  'gpt-4o-mini-2024-07-18': 1721172717,
  'gpt-4o-2024-08-06': 1722814719,
  'gpt-4.1-2025-04-14': 1744316542,
  'gpt-4.1-mini-2025-04-14': 1744317547,
  'gpt-4.1-nano-2025-04-14': 1744321025,
  'gpt-3.5-turbo-0125': 1706048358,
  'o4-mini-2025-04-16': 1744133506,
  'babbage-002': 1692634615,
  'davinci-002': 1692634301,
};

/** A model as `GET /models` lists it. */
export interface ModelRecord {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * Every model the server knows, in one place: the base models (owned by `system`), the fine-tuned
 * models and checkpoint models its jobs produced (owned by the organization, added as the job makes
 * them), and which of those were deleted. A deleted model answers 404 from then on, while the job
 * that made it keeps its `fine_tuned_model`. The state to persist is `produced` and `deleted`.
 */
export class ModelStore {
  readonly #organization: string;
  /** Fine-tuned and checkpoint models, in the order they were made. */
  readonly produced = new Map<string, ModelRecord>();
  /** Deleted model ids, with when (ms). */
  readonly deleted = new Map<string, number>();

  constructor(organization: string) {
    this.#organization = organization;
  }

  static isBase(id: string): boolean {
    return KNOWN.has(id);
  }

  /** Records a model a job made (a checkpoint or its final model); created in seconds. */
  add(id: string, created: number): void {
    if (!this.produced.has(id) && !this.deleted.has(id)) this.produced.set(id, { id, object: 'model', created, owned_by: this.#organization });
  }

  /** The base models (every alias and snapshot), then the organization's, oldest first. */
  list(): ModelRecord[] {
    const base = [...KNOWN].map((id): ModelRecord => ({ id, object: 'model', created: BASE_CREATED[SNAPSHOTS[id] ?? id] ?? 1692634301, owned_by: 'system' }));
    return [...base, ...this.produced.values()];
  }

  get(id: string): ModelRecord | undefined {
    if (KNOWN.has(id)) return { id, object: 'model', created: BASE_CREATED[SNAPSHOTS[id] ?? id] ?? 1692634301, owned_by: 'system' };
    return this.produced.get(id);
  }

  delete(id: string, now: number): void {
    this.produced.delete(id);
    this.deleted.set(id, now);
  }
}
