import {
  deleteModel,
  listFineTuningJobCheckpoints,
  listModels,
  retrieveModel,
} from '../../generated/sdk.gen.ts';
import type {
  DeleteModelResponse,
  ListFineTuningJobCheckpointsData,
  ListModelsResponse,
  Model,
} from '../../generated/types.gen.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import { listPages } from '../pagination/list.ts';
import type { PagePromise } from '../pagination/page-promise.ts';
import type { RequestClient } from '../transport/transport.ts';

/** Options of `models.listFineTuned`. */
export interface ListFineTunedOptions extends RequestOptions {
  /**
   * Keep only the models this owner (`owned_by`, an organization id) has.
   * @default any owner but OpenAI
   */
  ownedBy?: string | undefined;
}

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

  /**
   * Lists every model the key can use. Like every list: await it for the page (the API sends one,
   * `hasMore` false), or iterate it with `for await` for each model.
   */
  list(options?: RequestOptions): PagePromise<ListModelsResponse> {
    return listPages('models.list', undefined, options, () =>
      call(this.#client, listModels, {}, options),
    );
  }

  /** Gets a model by id (a base model, or an `ft:` model or checkpoint model). */
  retrieve(model: string, options?: RequestOptions): ApiPromise<Model> {
    return call(this.#client, retrieveModel, { path: { model } }, options);
  }

  /**
   * Deletes a fine-tuned model (`{ id, object: 'model', deleted: true }`). Base models cannot be
   * deleted, and a deleted model is not found from then on; the job that made it still names it.
   */
  delete(model: string, options?: RequestOptions): ApiPromise<DeleteModelResponse> {
    return call(this.#client, deleteModel, { path: { model } }, options);
  }

  /** The fine-tuned models (ids `ft:…`) the organization owns, oldest first. */
  async listFineTuned(options?: ListFineTunedOptions): Promise<Model[]> {
    const { ownedBy, ...request } = options ?? {};
    const [{ data }, { fineTuned }] = await Promise.all([
      this.list(request),
      import('../models/calls.ts'),
    ]);
    return fineTuned(data, ownedBy);
  }

  /**
   * The checkpoint models of a job (`fine_tuned_model_checkpoint`: each can be used or deleted
   * like a model), oldest step first. The last one is usually the job's `fine_tuned_model`.
   */
  async ofJob(jobId: string, options?: RequestOptions): Promise<string[]> {
    const query: NonNullable<ListFineTuningJobCheckpointsData['query']> = { limit: 100 };
    const pages = listPages('models.ofJob', query, options, (q) =>
      call(
        this.#client,
        listFineTuningJobCheckpoints,
        { path: { fine_tuning_job_id: jobId }, query: q },
        options,
      ),
    );
    return (await import('../models/calls.ts')).checkpointModels(pages);
  }
}
