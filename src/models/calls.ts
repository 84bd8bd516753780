// The `ft.models` calls, loaded on the first of them: a service that never touches models does not
// load (or bundle into its first chunk) the operations or the filtering here.
import { deleteModel, listFineTuningJobCheckpoints, listModels, retrieveModel } from '../../generated/sdk.gen.ts';
import type { ListFineTuningJobCheckpointsData, Model } from '../../generated/types.gen.ts';
import { call, type RequestOptions } from '../internal/call.ts';
import { listPages } from '../pagination/list.ts';
import type { RequestClient } from '../transport/transport.ts';

/** Owners of the models OpenAI provides (base models), as `owned_by` names them. */
const PROVIDERS: ReadonlySet<string> = new Set(['system', 'openai', 'openai-internal']);

export const list = (client: RequestClient, options?: RequestOptions) => call(client, listModels, {}, options).withResponse();

export const retrieve = (client: RequestClient, model: string, options?: RequestOptions) =>
  call(client, retrieveModel, { path: { model } }, options).withResponse();

export const remove = (client: RequestClient, model: string, options?: RequestOptions) =>
  call(client, deleteModel, { path: { model } }, options).withResponse();

export async function listFineTuned(client: RequestClient, ownedBy: string | undefined, options?: RequestOptions): Promise<Model[]> {
  const { data } = await call(client, listModels, {}, options);
  return data
    .filter((m) => m.id.startsWith('ft:') && (ownedBy === undefined ? !PROVIDERS.has(m.owned_by) : m.owned_by === ownedBy))
    .sort((a, b) => a.created - b.created);
}

export async function ofJob(client: RequestClient, jobId: string, options?: RequestOptions): Promise<string[]> {
  const names: { step: number; name: string }[] = [];
  const query: NonNullable<ListFineTuningJobCheckpointsData['query']> = { limit: 100 };
  const pages = listPages('models.ofJob', query, options, (q) =>
    call(client, listFineTuningJobCheckpoints, { path: { fine_tuning_job_id: jobId }, query: q }, options),
  );
  for await (const checkpoint of pages) names.push({ step: checkpoint.step_number, name: checkpoint.fine_tuned_model_checkpoint });
  return names.sort((a, b) => a.step - b.step).map((c) => c.name);
}
