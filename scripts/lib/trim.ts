// Keeps the fine-tuning, files, uploads and models surface of the OpenAI spec, the fine-tuning
// webhook events, and everything they reference.
import { normalizeTo31 } from './normalize.ts';
import { SpecInputError } from './source.ts';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every path under this prefix is kept. */
export const FINE_TUNING_PREFIX = '/fine_tuning/';

/**
 * The Evals API (an eval, its runs and their output items: 12 operations), kept when present: it
 * answers whether a fine-tuned model beats its base. Older upstreams lack it, so it is not required.
 */
export const EVALS_PREFIX = '/evals';

/**
 * Paths that every supported upstream has and that the SDK cannot work without; a spec missing one
 * is rejected. Later paths under `/fine_tuning/` (pause, resume, graders) are kept when present.
 */
export const REQUIRED_PATHS = [
  '/files',
  '/files/{file_id}',
  '/files/{file_id}/content',
  '/fine_tuning/jobs',
  '/fine_tuning/jobs/{fine_tuning_job_id}',
  '/fine_tuning/jobs/{fine_tuning_job_id}/cancel',
  '/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints',
  '/fine_tuning/jobs/{fine_tuning_job_id}/events',
  '/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions',
  '/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}',
  // The Uploads API: large training files in parts, completed into an ordinary File.
  '/uploads',
  '/uploads/{upload_id}/parts',
  '/uploads/{upload_id}/complete',
  '/uploads/{upload_id}/cancel',
  // Models: what a job makes (`ft:…`), listed, retrieved and deleted.
  '/models',
  '/models/{model}',
] as const;

/**
 * The webhook events kept from the upstream `webhooks:` section (absent from older upstreams, so
 * not required): those a fine-tuning job sends when it ends, and those an eval run sends when it ends.
 */
export const WEBHOOK_PREFIXES = ['fine_tuning_job_', 'eval_run_'] as const;

/** The upstream documents the admin-key requirement only in prose; these paths carry it. */
export const ADMIN_PATH_PREFIX = '/fine_tuning/checkpoints/';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface Provenance {
  repository: string;
  path: string;
  commit: string;
  date: string;
  sha256: string;
  /** The file it was read from, relative to the project when it is the pinned snapshot. */
  source: string;
}

export interface TrimOptions {
  provenance: Provenance;
  /** Paths that must be present (default: {@link REQUIRED_PATHS}). */
  requiredPaths?: readonly string[];
}

/** Documentation-only keys that make up most of the upstream's bulk and nothing of its contract. */
const DROPPED_KEYS = new Set(['x-oaiMeta', 'x-oaiExpandable', 'x-oaiTypeLabel']);

export function stripDocs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (!DROPPED_KEYS.has(key)) out[key] = stripDocs(value);
  }
  return out;
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (isNode(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else collectRefs(value, into);
    }
  }
}

function resolvePointer(doc: Node, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    throw new SpecInputError(
      `external reference ${ref} is not supported: the trim keeps one self-contained file`,
    );
  }
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isNode(node) ? node[part] : undefined;
  }
  return node;
}

/**
 * JSON Schema 2019-09's recursion (`$recursiveAnchor: true` on a schema, `$recursiveRef: '#'` inside
 * it; upstream's CompoundFilter, reached through the Evals API's tools) is not 2020-12, which OpenAPI
 * 3.1 speaks and validators compile: the reference becomes a plain `$ref` to the schema itself.
 */
function anchorRecursion(node: unknown, self: string): unknown {
  if (Array.isArray(node)) return node.map((item) => anchorRecursion(item, self));
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$recursiveAnchor') continue;
    if (key === '$recursiveRef' && value === '#') out.$ref = self;
    else out[key] = anchorRecursion(value, self);
  }
  return out;
}

export const byKey = <T>(entries: [string, T][]) =>
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Returns the trimmed, normalised document. Deterministic: the same input gives the same output. */
export function trimSpec(upstream: Node, options: TrimOptions): Node {
  const paths = upstream.paths as Node;
  const required = options.requiredPaths ?? REQUIRED_PATHS;
  const missing = required.filter((p) => !isNode(paths[p]));
  if (missing.length > 0) {
    throw new SpecInputError(
      `the upstream spec lacks ${missing.length === 1 ? 'a path' : 'paths'} the SDK needs: ${missing.join(', ')}`,
    );
  }

  const keptPaths: Node = {};
  for (const [path, item] of byKey(Object.entries(paths))) {
    if (
      path.startsWith(FINE_TUNING_PREFIX) ||
      path === EVALS_PREFIX ||
      path.startsWith(`${EVALS_PREFIX}/`) ||
      (required as readonly string[]).includes(path)
    ) {
      keptPaths[path] = stripDocs(item);
    }
  }
  for (const [path, item] of Object.entries(keptPaths)) {
    if (!path.startsWith(ADMIN_PATH_PREFIX) || !isNode(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isNode(operation)) operation.security = [{ AdminApiKeyAuth: [] }];
    }
  }

  const keptWebhooks: Node = {};
  if (isNode(upstream.webhooks)) {
    for (const [name, item] of byKey(Object.entries(upstream.webhooks))) {
      if (WEBHOOK_PREFIXES.some((prefix) => name.startsWith(prefix)))
        keptWebhooks[name] = stripDocs(item);
    }
  }

  // Every component reachable from the kept paths and webhooks, transitively.
  const components: Record<string, Node> = {};
  const seen = new Set<string>();
  const pending = new Set<string>();
  collectRefs(keptPaths, pending);
  collectRefs(keptWebhooks, pending);
  const queue = [...pending];
  for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    const target = resolvePointer(upstream, ref);
    if (!match || target === undefined) {
      throw new SpecInputError(`the upstream spec references ${ref} but does not define it`);
    }
    const section = match[1]!;
    const name = match[2]!.replace(/~1/g, '/').replace(/~0/g, '~');
    const stripped = anchorRecursion(stripDocs(target), ref) as Node;
    (components[section] ??= {})[name] = stripped;
    const refs = new Set<string>();
    collectRefs(stripped, refs);
    queue.push(...refs);
  }

  const info = isNode(upstream.info) ? upstream.info : {};
  const upstreamSchemes =
    isNode(upstream.components) && isNode(upstream.components.securitySchemes)
      ? upstream.components.securitySchemes
      : {};
  const trimmed: Node = {
    openapi: upstream.openapi,
    info: {
      title: 'OpenAI API: fine-tuning, files, uploads and models',
      description:
        'The fine-tuning, files, uploads and models operations and the fine-tuning webhook events ' +
        'of the OpenAI REST API, trimmed from the official ' +
        'OpenAPI description by scripts/trim-spec.ts. Do not edit: run `npm run spec:trim`.',
      version: info.version ?? '0.0.0',
      ...(isNode(info.license) ? { license: info.license } : {}),
      'x-upstream': { ...options.provenance },
    },
    servers: Array.isArray(upstream.servers)
      ? upstream.servers
      : [{ url: 'https://api.openai.com/v1' }],
    security: [{ ApiKeyAuth: [] }],
    paths: keptPaths,
    ...(Object.keys(keptWebhooks).length > 0 ? { webhooks: keptWebhooks } : {}),
    components: {
      ...Object.fromEntries(
        byKey(Object.entries(components)).map(([section, entries]) => [
          section,
          Object.fromEntries(byKey(Object.entries(entries))),
        ]),
      ),
      securitySchemes: {
        ApiKeyAuth: isNode(upstreamSchemes.ApiKeyAuth)
          ? upstreamSchemes.ApiKeyAuth
          : { type: 'http', scheme: 'bearer' },
        // Upstream declares this scheme as HTTP bearer, exactly like ApiKeyAuth. The generator turns
        // every bearer scheme into the same `{ scheme: 'bearer', type: 'http' }` auth object, so the
        // client could not tell which key an operation wants. Declaring the admin key as what goes on
        // the wire (an `Authorization` header carrying `Bearer <admin key>`) keeps it distinguishable.
        AdminApiKeyAuth: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'An admin API key, sent as `Authorization: Bearer <admin key>`. Required by the ' +
            'checkpoint-permission operations (upstream states it in their summaries).',
        },
      },
    },
  };
  return normalizeTo31(trimmed);
}
