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
import type { Collection } from './store.ts';
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
/** Every base model id the server knows: aliases and snapshots. */
const KNOWN = new Set([...Object.keys(SNAPSHOTS), ...Object.values(SNAPSHOTS)]);

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
  return (
    (Object.hasOwn(METHODS_BY_MODEL, base) ? METHODS_BY_MODEL[base] : undefined) ?? ['supervised']
  );
}

/** The models that take `method`, aliases first, for error messages. */
export function modelsFor(method: MethodType): string[] {
  return Object.keys(SNAPSHOTS).filter((alias) =>
    METHODS_BY_MODEL[SNAPSHOTS[alias]!]!.includes(method),
  );
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
 * that made it keeps its `fine_tuned_model`. Both are collections of the durable store, so they
 * survive a restart with the same `dataDir`.
 */
export class ModelStore {
  readonly #organization: string;
  /** Fine-tuned and checkpoint models, in the order they were made. */
  readonly produced: Collection<ModelRecord>;
  /** Deleted model ids, with when (ms). */
  readonly deleted: Collection<number>;

  constructor(
    organization: string,
    produced: Collection<ModelRecord>,
    deleted: Collection<number>,
  ) {
    this.#organization = organization;
    this.produced = produced;
    this.deleted = deleted;
  }

  static isBase(id: string): boolean {
    return KNOWN.has(id);
  }

  /** Records a model a job made (a checkpoint or its final model); created in seconds. */
  add(id: string, created: number): void {
    if (!this.produced.has(id) && !this.deleted.has(id))
      this.produced.set(id, { id, object: 'model', created, owned_by: this.#organization });
  }

  /** The base models (every alias and snapshot), then the organization's, oldest first. */
  list(): ModelRecord[] {
    const base = [...KNOWN].map(
      (id): ModelRecord => ({
        id,
        object: 'model',
        created: BASE_CREATED[SNAPSHOTS[id] ?? id] ?? 1692634301,
        owned_by: 'system',
      }),
    );
    return [...base, ...this.produced.values()];
  }

  get(id: string): ModelRecord | undefined {
    if (KNOWN.has(id))
      return {
        id,
        object: 'model',
        created: BASE_CREATED[SNAPSHOTS[id] ?? id] ?? 1692634301,
        owned_by: 'system',
      };
    return this.produced.get(id);
  }

  delete(id: string, now: number): void {
    this.produced.delete(id);
    this.deleted.set(id, now);
  }
}
