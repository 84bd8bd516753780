// The lookup jobs.create runs before re-sending a create whose response was lost (see
// create-job.ts): loaded on the first such failure.
import { listPaginatedFineTuningJobs } from '../../generated/sdk.gen.ts';
import type { RequestClient } from '../transport/transport.ts';
import { call } from './call.ts';

/** Finds the job a create with this key (in metadata under MARKER_KEY) made, as the Response that create would have given. */
export async function findJob(
  client: RequestClient,
  MARKER_KEY: string,
  key: string,
  signal: AbortSignal | undefined,
): Promise<Response | undefined> {
  const { data, response } = await call(
    client,
    listPaginatedFineTuningJobs,
    { query: { metadata: { [MARKER_KEY]: key }, limit: 10 } },
    { signal },
  ).withResponse();
  const job = data.data.find((j) => j.metadata?.[MARKER_KEY] === key);
  if (!job) return undefined;
  const headers = new Headers({ 'content-type': 'application/json', 'x-reconciled': 'true' });
  const requestId = response.headers.get('x-request-id');
  if (requestId) headers.set('x-request-id', requestId);
  return new Response(JSON.stringify(job), { status: 200, headers });
}
