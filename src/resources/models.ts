import type { DeleteModelResponse, ListModelsResponse, Model } from '../../generated/types.gen.ts';
import { ApiPromise } from '../api-promise.ts';
import type { RequestOptions } from '../internal/call.ts';
import type { RequestClient } from '../transport/transport.ts';

/** Options of `models.listFineTuned`. */
export interface ListFineTunedOptions extends RequestOptions {
  /**
   * Keep only the models this owner (`owned_by`, an organization id) has.
   * @default any owner but OpenAI
   */
  ownedBy?: string | undefined;
}

// The calls are loaded on first use (see src/models/calls.ts).
const calls = () => import('../models/calls.ts');

/**
 * Models: the base models and the organization's fine-tuned ones (`/models`).
 * @example
 * const mine = await ft.models.listFineTuned();
 * for (const m of mine) console.log(m.id, new Date(m.created * 1000));
 * await ft.models.delete('ft:gpt-4o-mini:org::abc123');
 */
export class Models {
  readonly #client: RequestClient;
  constructor(client: RequestClient) {
    this.#client = client;
  }

  /** Lists every model the key can use (one answer: this list is not paginated). */
  list(options?: RequestOptions): ApiPromise<ListModelsResponse> {
    return new ApiPromise(calls().then((c) => c.list(this.#client, options)));
  }

  /** Gets a model by id (a base model, or an `ft:` model or checkpoint model). */
  retrieve(model: string, options?: RequestOptions): ApiPromise<Model> {
    return new ApiPromise(calls().then((c) => c.retrieve(this.#client, model, options)));
  }

  /**
   * Deletes a fine-tuned model (`{ id, object: 'model', deleted: true }`). Base models cannot be
   * deleted, and a deleted model is not found from then on; the job that made it still names it.
   */
  delete(model: string, options?: RequestOptions): ApiPromise<DeleteModelResponse> {
    return new ApiPromise(calls().then((c) => c.remove(this.#client, model, options)));
  }

  /** The fine-tuned models (ids `ft:…`) the organization owns, oldest first. */
  listFineTuned(options?: ListFineTunedOptions): Promise<Model[]> {
    const { ownedBy, ...request } = options ?? {};
    return calls().then((c) => c.listFineTuned(this.#client, ownedBy, request));
  }

  /**
   * The checkpoint models of a job (`fine_tuned_model_checkpoint`: each can be used or deleted
   * like a model), oldest step first. The last one is usually the job's `fine_tuned_model`.
   */
  ofJob(jobId: string, options?: RequestOptions): Promise<string[]> {
    return calls().then((c) => c.ofJob(this.#client, jobId, options));
  }
}
