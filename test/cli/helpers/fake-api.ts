// A small stateful fine-tuning API on node:http (127.0.0.1) for running the real `openai-ft`
// binary against. Jobs move with wall-clock time: validating, queued, then `steps` metric events
// `stepMs` apart, then succeeded. It answers like the API: `{ error }` bodies, `x-request-id`.
// The session tests use the package's own local server (local-server.test.ts); this one gives the
// control the edge cases need: a job that starts when first watched, one that fails on request
// (`--suffix fail`), 409s for pause and resume, a server that echoes the key it was sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal } from '../../helpers/http-server.ts';

export const API_KEY = 'sk-test-cli-0123456789';
export const ADMIN_KEY = 'sk-admin-cli-0123456789';

interface Job {
  id: string;
  model: string;
  training_file: string;
  validation_file: string | null;
  metadata: Record<string, string> | null;
  method: unknown;
  suffix: string | null;
  createdMs: number;
  /** Where the job's timeline starts (creation, or the first GET with startOnFirstGet). */
  clockMs: number | undefined;
  cancelledMs?: number;
  failAtStep?: number;
}

export interface FakeApi {
  baseUrl: string;
  requests: Array<{
    method: string;
    path: string;
    status: number;
    organization?: string;
    project?: string;
    userAgent?: string;
  }>;
  files: Map<string, { id: string; filename: string; bytes: number; body: string }>;
  close(): Promise<void>;
}

export interface FakeApiOptions {
  steps?: number;
  stepMs?: number;
  /** Time spent validating and queued before the first step. */
  startMs?: number;
  /**
   * Start a job's clock at the first `GET /fine_tuning/jobs/{id}` instead of at creation, so a
   * follower sees the whole run however slowly it starts.
   */
  startOnFirstGet?: boolean;
}

/** The base models the fake API knows (GET /models, /models/{id}); any `ft:` model is found too. */
const BASE_MODELS = [
  'gpt-4o-mini',
  'gpt-4o-mini-2024-07-18',
  'gpt-4o-2024-08-06',
  'o4-mini',
  'o4-mini-2025-04-16',
  'davinci-002',
  'babbage-002',
];
const model = (id: string) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'system' });

export async function startFakeApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const steps = options.steps ?? 12;
  const stepMs = options.stepMs ?? 40;
  const startMs = options.startMs ?? 60;
  const files = new Map<string, { id: string; filename: string; bytes: number; body: string }>();
  const jobs = new Map<string, Job>();
  const permissions: Array<{
    id: string;
    object: string;
    project_id: string;
    created_at: number;
    checkpoint: string;
  }> = [];
  const requests: FakeApi['requests'] = [];
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}${(++counter).toString().padStart(6, '0')}`;
  const sec = (ms: number) => Math.floor(ms / 1000);

  const stepAt = (job: Job, now: number) => {
    if (job.clockMs === undefined) return 0;
    const end = job.cancelledMs ?? now;
    return Math.max(0, Math.min(steps, Math.floor((end - job.clockMs - startMs) / stepMs)));
  };
  const statusOf = (job: Job, now: number) => {
    if (job.cancelledMs !== undefined) return 'cancelled';
    if (job.clockMs === undefined) return 'validating_files';
    const elapsed = now - job.clockMs;
    if (elapsed < startMs / 2) return 'validating_files';
    if (elapsed < startMs) return 'queued';
    if (job.failAtStep !== undefined && stepAt(job, now) >= job.failAtStep) return 'failed';
    return stepAt(job, now) >= steps ? 'succeeded' : 'running';
  };
  const lossAt = (i: number) => Number((2.5 * Math.exp(-i / 4) + 0.3).toFixed(4));
  const view = (job: Job, now: number) => {
    const status = statusOf(job, now);
    return {
      id: job.id,
      object: 'fine_tuning.job',
      model: job.model,
      created_at: sec(job.createdMs),
      status,
      training_file: job.training_file,
      validation_file: job.validation_file,
      fine_tuned_model:
        status === 'succeeded'
          ? `ft:${job.model}:org-test:${job.suffix ?? ''}:${job.id.slice(-6)}`
          : null,
      finished_at:
        status === 'succeeded' || status === 'failed' || status === 'cancelled' ? sec(now) : null,
      hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1.8 },
      organization_id: 'org-test',
      result_files: [],
      trained_tokens: status === 'succeeded' ? 12345 : null,
      error:
        status === 'failed'
          ? {
              code: 'invalid_training_file',
              message: 'The training data is too short.',
              param: null,
            }
          : null,
      seed: 42,
      metadata: job.metadata,
      method: job.method,
    };
  };
  const eventsOf = (job: Job, now: number) => {
    const out: Array<Record<string, unknown>> = [];
    const add = (ms: number, message: string, type = 'message', data?: unknown) =>
      out.push({
        id: `ftevent-${job.id.slice(-6)}-${out.length}`,
        object: 'fine_tuning.job.event',
        created_at: sec(ms),
        level: 'info',
        message,
        type,
        ...(data ? { data } : {}),
      });
    add(job.createdMs, `Created fine-tuning job: ${job.id}`);
    const status = statusOf(job, now);
    const clock = job.clockMs ?? Infinity;
    if (now - clock >= startMs / 2)
      add(clock + startMs / 2, 'Files validated, moving job to queued state');
    if (now - clock >= startMs) add(clock + startMs, 'Fine-tuning job started');
    for (let i = 1; i <= stepAt(job, now); i++) {
      const data: Record<string, number> = {
        step: i,
        total_steps: steps,
        train_loss: lossAt(i),
        train_mean_token_accuracy: 0.5,
      };
      if (i % 3 === 0) data.valid_loss = Number((lossAt(i) + 0.1).toFixed(4));
      add(
        clock + startMs + i * stepMs,
        `Step ${i}/${steps}: training loss=${lossAt(i)}`,
        'metrics',
        data,
      );
    }
    if (status === 'succeeded') add(now, 'The job has successfully completed');
    if (status === 'cancelled') add(job.cancelledMs!, 'Fine-tuning job cancelled');
    if (status === 'failed') add(now, 'The job failed: The training data is too short.');
    return out.reverse();
  };
  const page = <T extends { id: string }>(items: T[], query: URLSearchParams) => {
    const after = query.get('after');
    const limit = Number(query.get('limit') ?? 20);
    const start = after ? items.findIndex((x) => x.id === after) + 1 : 0;
    const data = items.slice(start, start + limit);
    return { object: 'list', data, has_more: start + limit < items.length };
  };

  const http = await listenLocal(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v1/, '');
    const requestId = `req_${(++counter).toString(16)}`;
    const send = (status: number, body: unknown) => {
      requests.push({
        method: req.method ?? '',
        path: path + url.search,
        status,
        organization: req.headers['openai-organization'] as string | undefined,
        project: req.headers['openai-project'] as string | undefined,
        userAgent: req.headers['user-agent'],
      });
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestId });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, message: string, type = 'invalid_request_error') =>
      send(status, { error: { message, type, param: null, code: null } });
    const now = Date.now();
    const admin = path.startsWith('/fine_tuning/checkpoints/');
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${admin ? ADMIN_KEY : API_KEY}`) {
      return fail(401, `Incorrect API key provided: ${String(auth).replace('Bearer ', '')}.`);
    }
    let m: RegExpMatchArray | null;
    if (req.method === 'POST' && path === '/files') {
      const filename = /filename="([^"]+)"/.exec(raw)?.[1] ?? 'upload.jsonl';
      const body = raw.split(/\r\n\r\n/)[2]?.split(/\r\n--/)[0] ?? '';
      const id = nextId('file-');
      files.set(id, { id, filename, bytes: Buffer.byteLength(body), body });
      return send(200, {
        id,
        object: 'file',
        bytes: Buffer.byteLength(body),
        created_at: sec(now),
        filename,
        purpose: 'fine-tune',
        status: 'processed',
      });
    }
    // The models `jobs create` checks before it uploads anything.
    if (req.method === 'GET' && path === '/models')
      return send(200, { object: 'list', data: BASE_MODELS.map(model) });
    if (req.method === 'GET' && (m = path.match(/^\/models\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1]!);
      if (!BASE_MODELS.includes(id) && !id.startsWith('ft:'))
        return fail(404, `The model '${id}' does not exist or you do not have access to it.`);
      return send(200, model(id));
    }
    if (req.method === 'GET' && path === '/files') {
      const list = [...files.values()].reverse().map((f) => ({
        id: f.id,
        object: 'file',
        bytes: f.bytes,
        created_at: sec(now),
        filename: f.filename,
        purpose: 'fine-tune',
      }));
      return send(200, page(list, url.searchParams));
    }
    if ((m = path.match(/^\/files\/([^/]+)$/)) && req.method === 'DELETE') {
      if (!files.delete(m[1]!)) return fail(404, `No such File object: ${m[1]}`);
      return send(200, { id: m[1], object: 'file', deleted: true });
    }
    if (req.method === 'POST' && path === '/fine_tuning/jobs') {
      const body = JSON.parse(raw);
      if (!files.has(body.training_file))
        return fail(400, `invalid training_file: ${body.training_file}`);
      const job: Job = {
        id: nextId('ftjob-'),
        model: body.model,
        training_file: body.training_file,
        validation_file: body.validation_file ?? null,
        metadata: body.metadata ?? null,
        method: body.method ?? { type: 'supervised' },
        suffix: body.suffix ?? null,
        createdMs: now,
        clockMs: options.startOnFirstGet ? undefined : now,
        ...(body.suffix === 'fail' ? { failAtStep: 3 } : {}),
      };
      jobs.set(job.id, job);
      return send(200, view(job, now));
    }
    if (req.method === 'GET' && path === '/fine_tuning/jobs') {
      let list = [...jobs.values()].reverse();
      for (const [k, v] of url.searchParams) {
        const key = /^metadata\[(.+)\]$/.exec(k)?.[1];
        if (key) list = list.filter((j) => j.metadata?.[key] === v);
      }
      return send(
        200,
        page(
          list.map((j) => view(j, now)),
          url.searchParams,
        ),
      );
    }
    if ((m = path.match(/^\/fine_tuning\/jobs\/([^/]+)(?:\/(\w+))?$/))) {
      const job = jobs.get(m[1]!);
      if (!job) return fail(404, `No such fine-tuning job: ${m[1]}`);
      const action = m[2];
      if (req.method === 'GET' && !action && job.clockMs === undefined) job.clockMs = now;
      if (req.method === 'GET' && !action) return send(200, view(job, now));
      if (req.method === 'GET' && action === 'events')
        return send(200, page(eventsOf(job, now) as Array<{ id: string }>, url.searchParams));
      if (req.method === 'GET' && action === 'checkpoints') {
        const reached = [Math.floor(steps / 2), steps]
          .filter((s) => s <= stepAt(job, now))
          .reverse();
        const list = reached.map((s) => ({
          id: `ftckpt-${job.id.slice(-6)}-${s}`,
          object: 'fine_tuning.job.checkpoint',
          created_at: sec(now),
          fine_tuned_model_checkpoint: `ft:${job.model}:org-test::${job.id.slice(-6)}:ckpt-step-${s}`,
          step_number: s,
          metrics: {
            step: s,
            train_loss: lossAt(s),
            valid_loss: lossAt(s) + 0.1,
            full_valid_loss: lossAt(s) + 0.12,
          },
          fine_tuning_job_id: job.id,
        }));
        return send(200, page(list, url.searchParams));
      }
      if (req.method === 'POST' && action === 'cancel') {
        const status = statusOf(job, now);
        if (status === 'succeeded' || status === 'failed' || status === 'cancelled')
          return fail(409, `Job ${job.id} has already ${status}.`);
        job.cancelledMs = now;
        return send(200, view(job, now));
      }
      if (req.method === 'POST' && (action === 'pause' || action === 'resume')) {
        return fail(409, `Job ${job.id} cannot be ${action}d: it is ${statusOf(job, now)}.`);
      }
    }
    if ((m = path.match(/^\/fine_tuning\/checkpoints\/([^/]+)\/permissions(?:\/([^/]+))?$/))) {
      const checkpoint = decodeURIComponent(m[1]!);
      if (req.method === 'POST') {
        const body = JSON.parse(raw) as { project_ids: string[] };
        const created = body.project_ids.map((p) => ({
          id: nextId('cp_'),
          object: 'checkpoint.permission',
          project_id: p,
          created_at: sec(now),
          checkpoint,
        }));
        permissions.push(...created);
        return send(200, {
          object: 'list',
          data: created.map(({ checkpoint: _, ...p }) => p),
          has_more: false,
        });
      }
      if (req.method === 'GET') {
        const list = permissions
          .filter((p) => p.checkpoint === checkpoint)
          .map(({ checkpoint: _, ...p }) => p);
        return send(200, { object: 'list', data: list, has_more: false });
      }
      if (req.method === 'DELETE' && m[2]) {
        const at = permissions.findIndex((p) => p.id === m![2] && p.checkpoint === checkpoint);
        if (at < 0) return fail(404, `No such permission: ${m[2]}`);
        permissions.splice(at, 1);
        return send(200, { id: m[2], object: 'checkpoint.permission', deleted: true });
      }
    }
    return fail(404, `Unknown route ${req.method} ${path}`);
  });
  return {
    baseUrl: http.baseUrl,
    requests,
    files,
    close: http.close,
  };
}
