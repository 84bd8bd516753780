// The operations only Azure has, in the local server's Azure mode: deleting a job, copying a
// checkpoint to another resource (preview), and a simulated Azure Resource Manager deployments
// endpoint for fine-tuned models. Their state lives in memory (not in `dataDir`).
import type { IncomingMessage } from 'node:http';
import { readBytes, readJson } from '../request.ts';
import type { Reply } from '../handlers/types.ts';
import type { ServerState } from '../state.ts';
import { azureError } from './dialect.ts';

/** The management (ARM) token the server accepts for deployments. */
export const LOCAL_MANAGEMENT_TOKEN = 'arm-local-test';
/** A management token of an identity without a role on the account: reads, but cannot write. */
export const LOCAL_READER_TOKEN = 'arm-reader-local-test';

interface Copy {
  destinationResourceId: string;
  region: string;
  readyAt: number;
  failed: boolean;
}
interface DeploymentRecord {
  name: string;
  model: string;
  version: string;
  sku: { name: string; capacity?: number };
  readyAt: number;
  failed: boolean;
}
interface AzureState {
  copies: Map<string, Copy[]>;
  deployments: Map<string, DeploymentRecord>;
}
const STATES = new WeakMap<ServerState, AzureState>();
const azureState = (state: ServerState): AzureState => {
  let s = STATES.get(state);
  if (!s) STATES.set(state, (s = { copies: new Map(), deployments: new Map() }));
  return s;
};

/** How long a copy or a deployment takes, in server time: a job's validating and queued phases. */
const duration = (state: ServerState) =>
  Math.max(1, state.timing.validatingMs + state.timing.queuedMs);

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parsed = readJson(await readBytes(req, 1024 * 1024), req.headers['content-type']);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw azureError(400, 'BadRequest', 'The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** A data-plane route only Azure has (path after /openai[/v1]), or undefined. */
export async function azureDataRoute(
  req: IncomingMessage,
  method: string,
  path: string,
  state: ServerState,
): Promise<Reply | undefined> {
  const job = path.match(/^\/fine_tuning\/jobs\/([^/]+)$/);
  if (job && method === 'DELETE') {
    const id = decodeURIComponent(job[1]!);
    const sim = state.job(id);
    if (sim && !['succeeded', 'failed', 'cancelled'].includes(sim.job.status))
      throw azureError(
        400,
        'invalidPayload',
        `Job ${id} is ${sim.job.status}: cancel it before deleting it.`,
      );
    state.deleteJob(id);
    // Azure answers 204 whether or not the job existed (recorded: DELETE …/does-not-exist → 204).
    return { status: 204, raw: { bytes: new Uint8Array(), contentType: 'application/json' } };
  }
  const copy = path.match(/^\/fine_tuning\/jobs\/([^/]+)\/checkpoints\/([^/]+)\/copy$/);
  if (!copy || (method !== 'POST' && method !== 'GET')) return undefined;
  if (req.headers['aoai-copy-ft-checkpoints'] !== 'preview')
    throw azureError(
      400,
      'BadRequest',
      "Copying checkpoints is a preview operation: send the header 'aoai-copy-ft-checkpoints: preview'.",
    );
  const [jobId, checkpointId] = [decodeURIComponent(copy[1]!), decodeURIComponent(copy[2]!)];
  const sim = state.job(jobId);
  if (!sim) throw azureError(404, 'notFound', 'The specified entity cannot be found.');
  const checkpoint = sim.checkpoints.find((c) => c.id === checkpointId);
  if (!checkpoint) throw azureError(404, 'notFound', `Checkpoint ${checkpointId} cannot be found.`);
  const key = `${jobId}/${checkpointId}`;
  const copies = azureState(state).copies;
  const now = state.clock.now();
  if (method === 'POST') {
    const b = await body(req);
    if (
      !text(b.destinationResourceId) ||
      !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+$/i.test(
        b.destinationResourceId,
      )
    )
      throw azureError(
        400,
        'invalidPayload',
        "'destinationResourceId' must be the destination account's resource id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>.",
      );
    if (!text(b.region)) throw azureError(400, 'invalidPayload', "'region' is required.");
    const list = copies.get(key) ?? [];
    const rest = list.filter((c) => c.destinationResourceId !== b.destinationResourceId);
    copies.set(key, [
      ...rest,
      {
        destinationResourceId: b.destinationResourceId,
        region: b.region,
        readyAt: now + duration(state),
        // A region named `invalid-region` makes the copy fail, for testing that path.
        failed: b.region === 'invalid-region',
      },
    ]);
  }
  const list = copies.get(key) ?? [];
  return {
    json: {
      checkpointedModelName: checkpoint.fine_tuned_model_checkpoint,
      fineTuningJobId: jobId,
      copiedAccountDetails: list.map((c) => ({
        destinationResourceId: c.destinationResourceId,
        region: c.region,
        status: now < c.readyAt ? 'Copying' : c.failed ? 'Failed' : 'Completed',
      })),
    },
  };
}

const ARM =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)\/deployments(?:\/([^/]+))?$/i;

/** Whether a path is the simulated ARM deployments endpoint. */
export const isManagementPath = (path: string): boolean => ARM.test(path);

/** The simulated Azure Resource Manager deployments endpoint (ARM's error codes and shapes). */
export async function managementRoute(
  req: IncomingMessage,
  url: URL,
  state: ServerState,
): Promise<Reply> {
  const method = req.method ?? 'GET';
  const m = url.pathname.match(ARM)!;
  const token = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token)
    throw azureError(
      401,
      'AuthenticationFailed',
      'Authentication failed. The Authorization header is missing.',
    );
  if (token !== LOCAL_MANAGEMENT_TOKEN && token !== LOCAL_READER_TOKEN)
    throw azureError(
      401,
      'InvalidAuthenticationToken',
      'The access token is invalid: it was not issued for https://management.azure.com.',
    );
  if (!url.searchParams.get('api-version'))
    throw azureError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  const [, subscription, group, account, rawName] = m;
  const name = rawName === undefined ? undefined : decodeURIComponent(rawName);
  const write = method === 'PUT' || method === 'DELETE';
  if (write && token === LOCAL_READER_TOKEN)
    throw azureError(
      403,
      'AuthorizationFailed',
      `The client does not have authorization to perform action 'Microsoft.CognitiveServices/accounts/deployments/${method === 'PUT' ? 'write' : 'delete'}' over scope '/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.CognitiveServices/accounts/${account}'.`,
    );
  const deployments = azureState(state).deployments;
  const now = state.clock.now();
  const show = (d: DeploymentRecord) => ({
    id: `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.CognitiveServices/accounts/${account}/deployments/${d.name}`,
    type: 'Microsoft.CognitiveServices/accounts/deployments',
    name: d.name,
    sku: d.sku,
    properties: {
      model: { format: 'OpenAI', name: d.model, version: d.version },
      provisioningState: now < d.readyAt ? 'Creating' : d.failed ? 'Failed' : 'Succeeded',
    },
  });
  if (name === undefined) {
    if (method !== 'GET')
      throw azureError(405, 'MethodNotAllowed', `${method} is not allowed here.`);
    return { json: { value: [...deployments.values()].map(show) } };
  }
  const existing = deployments.get(name);
  if (method === 'GET') {
    if (!existing)
      throw azureError(404, 'DeploymentNotFound', `Deployment '${name}' could not be found.`);
    return { json: show(existing) };
  }
  if (method === 'DELETE') {
    deployments.delete(name);
    return existing
      ? { status: 200, raw: { bytes: new Uint8Array(), contentType: 'application/json' } }
      : { status: 204, raw: { bytes: new Uint8Array(), contentType: 'application/json' } };
  }
  if (method !== 'PUT') throw azureError(405, 'MethodNotAllowed', `${method} is not allowed here.`);
  const b = await body(req);
  const model = ((b.properties as Record<string, unknown> | undefined)?.model ?? {}) as Record<
    string,
    unknown
  >;
  if (!text(model.name))
    throw azureError(400, 'InvalidResourceProperties', "'properties.model.name' is required.");
  if (!state.hasCheckpoint(model.name))
    throw azureError(
      400,
      'DeploymentModelNotSupported',
      `The model '${model.name}' is not a fine-tuned model of this resource: deploy a succeeded job's fine_tuned_model.`,
    );
  const sku = (b.sku ?? { name: 'standard', capacity: 1 }) as DeploymentRecord['sku'];
  const record: DeploymentRecord = {
    name,
    model: model.name,
    version: text(model.version) ? model.version : '1',
    sku,
    readyAt: now + duration(state),
    failed: sku.name === 'invalid-sku',
  };
  deployments.set(name, record);
  return { status: existing ? 200 : 201, json: show(record) };
}
