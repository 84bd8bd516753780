// What the local server answers to one request: the route (from openapi/fine-tuning.yaml and
// openapi/legacy-fine-tunes.yaml, or Azure mode's own), auth, faults, the path, query and body read
// and validated against the spec, then the operation's handler. Sending the answer is server.ts's.
import type { IncomingMessage } from 'node:http';
import { checkAuth } from './auth.ts';
import {
  azureDataRoute,
  azureError,
  azureHandler,
  azurePath,
  isManagementPath,
  managementRoute,
} from './azure/index.ts';
import { HttpError } from './errors.ts';
import type { Faults } from './faults.ts';
import * as evalHandlers from './handlers/evals.ts';
import * as fileHandlers from './handlers/files.ts';
import * as graderHandlers from './handlers/graders.ts';
import * as jobHandlers from './handlers/jobs.ts';
import * as legacyHandlers from './handlers/legacy.ts';
import * as modelHandlers from './handlers/models.ts';
import * as permissionHandlers from './handlers/permissions.ts';
import type { Handler, HandlerContext, Reply } from './handlers/types.ts';
import * as uploadHandlers from './handlers/uploads.ts';
import { type MultipartLimits, readMultipartStream, type SpooledFile } from './multipart.ts';
import type { ResolvedServerOptions } from './options.ts';
import { bodyLimit, readBytes, readJson, readPath, readQuery } from './request.ts';
import { loadSpec, type Operation, type Spec } from './spec.ts';
import type { ServerState } from './state.ts';
import { MAX_PART_BYTES } from './uploads.ts';
import { check } from './validate.ts';

// Handlers are named after the spec's operationIds.
const HANDLERS: Record<string, Handler> = {
  ...evalHandlers,
  ...fileHandlers,
  ...graderHandlers,
  ...jobHandlers,
  ...modelHandlers,
  ...permissionHandlers,
  ...uploadHandlers,
};
const LEGACY_HANDLERS: Record<string, Handler> = { ...legacyHandlers };

/** A spec the server serves and the handlers of its operations. */
export interface Api {
  spec: Spec;
  handlers: Record<string, Handler>;
}

/** An operation a request's method and path name, in the spec that has it. */
export interface Route {
  api: Api;
  operation: Operation;
  match: RegExpMatchArray;
}

/** What the server sends: a status, headers and a body or a stream. */
export type Answer = { status: number; headers: Record<string, string> } & (
  | { body: Uint8Array | string }
  | { stream: NonNullable<Reply['stream']> }
);

/**
 * The APIs the server serves, each spec with its handlers. Each spec has its own schema id, so names
 * both define (`OpenAIFile`) do not clash. Throws when an operation has no handler.
 */
export function loadApis(): Api[] {
  const apis: Api[] = [
    { spec: loadSpec(), handlers: HANDLERS },
    { spec: loadSpec('legacy-fine-tunes.yaml'), handlers: LEGACY_HANDLERS },
  ];
  for (const { spec, handlers } of apis) {
    const unhandled = spec.operations
      .filter((operation) => !handlers[operation.operationId])
      .map((operation) => operation.operationId);
    if (unhandled.length)
      throw new Error(`The local server has no handler for ${unhandled.join(', ')}.`);
  }
  return apis;
}

/**
 * Paths clients send that the spec does not have, each answered as the spec's operation it stands
 * for (same path parameters, in the same order). openai-node's `evals.runs.cancel` sends the spec's
 * POST /evals/{eval_id}/runs/{run_id}; a client that cancels a run as jobs and uploads are
 * cancelled sends …/cancel (#24).
 */
const ALIASES: ReadonlyArray<{ method: string; pattern: RegExp; operationId: string }> = [
  {
    method: 'POST',
    pattern: /^\/evals\/([^/]+)\/runs\/([^/]+)\/cancel$/,
    operationId: 'cancelEvalRun',
  },
];

/** The first operation of `apis` that a method and a path (after `/v1`) name, or an alias of one. */
export function route(apis: Api[], method: string, path: string): Route | undefined {
  for (const api of apis) {
    for (const operation of api.spec.operations) {
      if (operation.method !== method) continue;
      const match = path.match(operation.pattern);
      if (match) return { api, operation, match };
    }
  }
  for (const alias of ALIASES) {
    if (alias.method !== method) continue;
    const match = path.match(alias.pattern);
    if (!match) continue;
    for (const api of apis) {
      const operation = api.spec.operations.find((o) => o.operationId === alias.operationId);
      if (operation) return { api, operation, match };
    }
  }
  return undefined;
}

// The most one file part of a multipart request may carry: `maxFileBytes` (the Files API's 512 MB), an Upload part's 64 MB.
const multipartLimits = (maxFileBytes: number): Record<string, MultipartLimits> => ({
  createFile: {
    maxFileBytes,
    describe: `${maxFileBytes} bytes (the Files API limit; use an Upload for larger files)`,
  },
  addUploadPart: { maxFileBytes: MAX_PART_BYTES, describe: '64 MB (the Uploads API part limit)' },
});

/** Answers requests: one per server, over the server's state. */
export class Answerer {
  readonly #limits: Record<string, MultipartLimits>;

  constructor(
    readonly apis: Api[],
    readonly options: ResolvedServerOptions,
    readonly state: ServerState,
    readonly faults: Faults,
  ) {
    this.#limits = multipartLimits(options.maxFileBytes);
  }

  /** The answer to a request; throws an HttpError for one the API would refuse. */
  async answer(req: IncomingMessage, url: URL): Promise<Answer> {
    const { options, state } = this;
    const method = req.method ?? 'GET';
    let path: string | undefined;
    if (options.azure) {
      // Azure mode (./azure/): ARM deployments, then /openai/[v1/] with its own auth and version rule.
      if (isManagementPath(url.pathname)) return replied(await managementRoute(req, url, state));
      path = azurePath(url, req.headers, options).path;
      const azureOnly = await azureDataRoute(req, method, path, state);
      if (azureOnly) {
        state.commit();
        return replied(azureOnly);
      }
    } else path = url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : undefined;
    const found = path === undefined ? undefined : route(this.apis, method, path);
    if (!found)
      throw options.azure
        ? azureError(404, '404', 'Resource not found')
        : new HttpError(404, `Invalid URL (${method} ${url.pathname})`, { code: null });
    const { api, operation, match } = found;
    if (!options.azure) checkAuth(req.headers.authorization, operation.admin, options);
    this.faults.check();
    const context: HandlerContext = {
      state,
      path: readPath(operation, match),
      query: readQuery(operation, url.searchParams),
      body: undefined,
      headers: req.headers,
      keepAliveMs: options.keepAliveMs,
    };
    check(operation.validatePath(), context.path);
    check(operation.validateQuery(), context.query);
    if (operation.body) context.body = await this.#readBody(req, operation, api.spec);
    const handler = api.handlers[operation.operationId]!;
    const reply = await (options.azure ? azureHandler(operation.operationId, handler) : handler)(
      context,
    );
    // On disk before it is answered.
    state.commit();
    return replied(reply);
  }

  /** The request's body, read and validated against the operation's schema. */
  async #readBody(req: IncomingMessage, operation: Operation, spec: Spec): Promise<unknown> {
    const body = operation.body!;
    if (body.contentType !== 'multipart/form-data') {
      const json = readJson(
        await readBytes(req, bodyLimit(operation)),
        req.headers['content-type'],
      );
      check(body.validate(), json, '', spec.def);
      return json;
    }
    // Streamed: file parts are spooled as they arrive (see multipart.ts), never buffered whole.
    const fileField = operation.operationId === 'addUploadPart' ? 'data' : 'file';
    const form = await readMultipartStream(
      req,
      req.headers['content-type'],
      () => this.state.files.spool(),
      this.#limits[operation.operationId] ?? this.#limits.createFile!,
    );
    const file = form[fileField];
    const spooled = typeof file === 'object' && file !== null;
    // The schema says `file: string, format: binary`: the validator sees a stand-in for the
    // File. Ajv coerces the text fields (e.g. `expires_after[seconds]`) in place.
    const fields = spooled ? { ...form, [fileField]: 'binary' } : form;
    try {
      check(body.validate(), fields, '', spec.def);
      if (!spooled) {
        throw new HttpError(
          400,
          `Invalid value for '${fileField}': send the file as a multipart file part, not a text field.`,
          { param: fileField, code: 'invalid_value' },
        );
      }
    } catch (error) {
      if (spooled) (file as SpooledFile).content.discard();
      throw operation.operationId === 'createFile' ? filePurposeError(error, form) : error;
    }
    return { ...fields, [fileField]: file };
  }
}

/** A handler's reply as the answer the server sends. */
function replied(reply: Reply): Answer {
  const status = reply.status ?? 200;
  if (reply.stream) {
    return {
      status,
      headers: { 'content-type': reply.stream.contentType, 'cache-control': 'no-cache' },
      stream: reply.stream,
    };
  }
  if (reply.raw)
    return { status, headers: { 'content-type': reply.raw.contentType }, body: reply.raw.bytes };
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(reply.json),
  };
}

/** The purposes `POST /files` takes, as the API lists them in its refusal (recorded 2026). */
const FILE_PURPOSES = ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'];

/**
 * A refused file purpose in the API's words: "'x' is not one of [...] - 'purpose'", `code: null`,
 * with the top-level `detail` (recorded: openai-dotnet__FilesTests__UploadFileCanParseServiceError).
 */
function filePurposeError(error: unknown, form: Record<string, unknown>): unknown {
  if (!(error instanceof HttpError) || error.param !== 'purpose' || error.code !== 'invalid_value')
    return error;
  const list = FILE_PURPOSES.map((purpose) => `'${purpose}'`).join(', ');
  return new HttpError(400, `'${String(form.purpose)}' is not one of [${list}] - 'purpose'`, {
    param: 'purpose',
    code: null,
    detail: true,
  });
}
