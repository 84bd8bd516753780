// The local server's Azure mode, layered on the ordinary handlers: the two data-plane shapes under
// /openai/ (dated: `/openai/…?api-version=`; v1: `/openai/v1/…`), `api-key` or Entra auth, and
// Azure's answers as recorded (../shared/real-traffic/azure-sdk-assets__*): 201 + `pending` on
// create, `-1` for "auto" hyperparameters, `pausing`, DELETE job 204, a second file delete 200
// `deleted: false`. The handlers' own answers are not touched; this module rewrites their replies.
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from '../errors.ts';
import type { HandlerContext, Reply } from '../handlers/types.ts';
import type { ServerState } from '../state.ts';

/** The Entra ID token the Azure-mode server accepts (as `Authorization: Bearer …`). */
export const LOCAL_ENTRA_TOKEN = 'entra-local-test';
/** A dated API version the docs and tests use; any `YYYY-MM-DD[-preview]` is accepted. */
export const LOCAL_API_VERSION = '2025-04-01-preview';

const VERSION = /^\d{4}-\d{2}-\d{2}(?:-preview)?$/;

/** Azure's error body: `{"error": {"code", "message"}}`, with the OpenAI fields kept for clients that read them. */
export function azureError(status: number, code: string, message: string): HttpError {
  return new HttpError(status, message, { code, type: code });
}

/**
 * The route path (after `/openai` or `/openai/v1`) of an Azure-mode request, once its credentials
 * and api-version are checked; `api-version` is taken off the query, which the spec does not know.
 */
export function azurePath(
  url: URL,
  headers: IncomingHttpHeaders,
  keys: { apiKey: string },
): { path: string; shape: 'dated' | 'v1' } {
  const apiKey = headers['api-key'];
  const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const ok = apiKey === keys.apiKey || bearer === keys.apiKey || bearer === LOCAL_ENTRA_TOKEN;
  if (!ok)
    throw azureError(
      401,
      '401',
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
    );
  const p = url.pathname;
  const version = url.searchParams.get('api-version');
  url.searchParams.delete('api-version');
  if (p.startsWith('/openai/v1/')) {
    if (version !== null && version !== 'preview' && version !== 'latest')
      throw azureError(
        400,
        'BadRequest',
        `The v1 API takes no dated api-version (got '${version}'): drop it, or call /openai/… without /v1.`,
      );
    return { path: p.slice('/openai/v1'.length), shape: 'v1' };
  }
  if (p.startsWith('/openai/')) {
    if (version === null) throw azureError(404, '404', 'Resource not found');
    if (!VERSION.test(version)) throw azureError(400, 'BadRequest', 'API version not supported');
    return { path: p.slice('/openai'.length), shape: 'dated' };
  }
  throw azureError(404, '404', 'Resource not found');
}

// Files deleted once, per server: a second delete answers 200 `deleted: false`, as Azure does.
const DELETED = new WeakMap<ServerState, Set<string>>();

const AUTO = (value: unknown) => (value === 'auto' ? -1 : value);

function hyper(h: unknown): unknown {
  if (!h || typeof h !== 'object') return h;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) out[k] = AUTO(v);
  return out;
}

/**
 * A job as Azure shows it: "auto" hyperparameters as -1 (top level and the method's), a cancelled
 * job with its `finished_at`, an estimate from creation on. A paused job is `paused` as in OpenAI
 * mode (the simulation's status).
 */
export function azureJob(
  job: Record<string, unknown>,
  state: ServerState,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...job };
  // Looked up only where needed: `state.job` advances the simulation, which would resolve "auto"
  // hyperparameters in the answer of a create.
  const simulation = job.status === 'cancelled' ? state.job(String(job.id)) : undefined;
  // Azure gives a cancelled job its `finished_at` (recorded), where api.openai.com leaves null.
  if (job.status === 'cancelled' && job.finished_at === null && simulation?.endedAt !== undefined)
    out.finished_at = simulation.endedAt;
  // Azure carries an estimate from creation on, even after a cancel (recorded: 15 minutes after
  // creation for a small job); the simulation's own estimate when it has one.
  if (job.estimated_finish === null || job.estimated_finish === undefined)
    out.estimated_finish = (job.created_at as number) + 900;
  if (job.hyperparameters) out.hyperparameters = hyper(job.hyperparameters);
  const method = job.method as Record<string, unknown> | undefined;
  if (method && typeof method.type === 'string') {
    const inner = method[method.type] as Record<string, unknown> | undefined;
    if (inner?.hyperparameters)
      out.method = {
        ...method,
        [method.type]: { ...inner, hyperparameters: hyper(inner.hyperparameters) },
      };
  }
  return out;
}

/** A handler's reply as Azure answers it. */
export function azureReply(operationId: string, reply: Reply, state: ServerState): Reply {
  const json = reply.json as Record<string, unknown> | undefined;
  if (!json || typeof json !== 'object') return reply;
  switch (operationId) {
    case 'createFineTuningJob':
      return { ...reply, status: 201, json: { ...azureJob(json, state), status: 'pending' } };
    case 'pauseFineTuningJob':
      // Azure answers a pause with `pausing`; the job reads `paused` afterwards.
      return { ...reply, json: { ...azureJob(json, state), status: 'pausing' } };
    case 'retrieveFineTuningJob':
    case 'cancelFineTuningJob':
    case 'resumeFineTuningJob':
      return { ...reply, json: azureJob(json, state) };
    case 'listPaginatedFineTuningJobs':
      return {
        ...reply,
        json: {
          ...json,
          data: (json.data as Record<string, unknown>[]).map((j) => azureJob(j, state)),
        },
      };
    case 'createFile':
      return { ...reply, status: 201, json: { ...json, status: 'pending' } };
    case 'deleteFile': {
      let deleted = DELETED.get(state);
      if (!deleted) DELETED.set(state, (deleted = new Set()));
      deleted.add(String(json.id));
      return reply;
    }
    default:
      return reply;
  }
}

/** A second delete of a file: Azure answers 200 `deleted: false` where the API says 404. */
export function deletedAgain(state: ServerState, fileId: string | undefined): Reply | undefined {
  if (fileId && DELETED.get(state)?.has(fileId))
    return { json: { object: 'file', deleted: false, id: fileId } };
  return undefined;
}

/** A handler as the Azure-mode server runs it: a second file delete answered, the reply rewritten. */
export function azureHandler(
  operationId: string,
  handler: (ctx: HandlerContext) => Reply | Promise<Reply>,
): (ctx: HandlerContext) => Promise<Reply> {
  return async (ctx) => {
    if (operationId === 'deleteFile') {
      const again = deletedAgain(ctx.state, ctx.path.file_id);
      if (again) return again;
    }
    let reply: Reply;
    try {
      reply = await handler(ctx);
    } catch (error) {
      throw azureFailure(error);
    }
    return azureReply(operationId, reply, ctx.state);
  };
}

/**
 * A handler's error as Azure words it: an unknown id is `notFound` (recorded), and an error without
 * a code gets its status as the code, as Azure's generic errors carry (`"code": "404"`).
 */
function azureFailure(error: unknown): unknown {
  if (!(error instanceof HttpError)) return error;
  if (error.status === 404)
    return azureError(404, 'notFound', 'The specified entity cannot be found.');
  if (error.code === null)
    return new HttpError(error.status, error.message, {
      type: error.type,
      param: error.param,
      code: String(error.status),
      headers: error.headers,
    });
  return error;
}
