// The SDK client the commands use, built from the global flags (the SDK reads the environment
// for whatever a flag leaves unset).
import type { FineTuningJob } from '../../../generated/types.gen.ts';
import { AzureFineTuning } from '../../azure/index.ts';
import { FineTuning } from '../../client.ts';
import { MARKER_KEY } from '../../calls/create-job.ts';
import type { Globals } from '../globals.ts';

export type { FineTuning };
export { AzureFineTuning };

/**
 * Azure OpenAI when asked (`--azure`, `--endpoint`) or when the environment names an Azure endpoint
 * and nothing names an OpenAI root (no --base-url, no OPENAI_BASE_URL).
 */
export function isAzure(
  g: Globals,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return Boolean(
    g.azure ||
      g.endpoint ||
      (env.AZURE_OPENAI_ENDPOINT?.trim() && !g.baseUrl && !env.OPENAI_BASE_URL?.trim()),
  );
}

export function makeClient(g: Globals): FineTuning {
  if (isAzure(g)) {
    return new AzureFineTuning({
      endpoint: g.endpoint,
      apiKey: g.apiKey,
      apiVersion: g.apiVersion,
      headers: { 'User-Agent': 'openai-ft' },
    });
  }
  return new FineTuning({
    apiKey: g.apiKey,
    adminApiKey: g.adminKey,
    baseUrl: g.baseUrl,
    organization: g.org,
    project: g.project,
    headers: { 'User-Agent': 'openai-ft' },
  });
}

/**
 * The job as its owner wrote it: without the metadata entry `jobs.create` adds so that a create
 * retried after a lost response finds its job instead of making a second one (its key is
 * `openai_fine_tuning_idempotency_key`; docs/jobs.md). Metadata that held only the marker is null,
 * as the job was created without any.
 */
export function withoutMarker(job: FineTuningJob): FineTuningJob {
  if (!job.metadata || !(MARKER_KEY in job.metadata)) return job;
  const { [MARKER_KEY]: _marker, ...rest } = job.metadata;
  return { ...job, metadata: Object.keys(rest).length > 0 ? rest : null };
}
