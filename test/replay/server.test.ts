// Every recorded exchange of api.openai.com (../shared/real-traffic/) sent to the local server, the
// answer compared with the recorded one in shape (test/replay/shape.ts): status, keys present and
// absent, null / {} / [], list envelopes, error type/code/param, the headers that matter. The ids
// the recording used are replaced by ids of objects made on the local server first (a file, a job,
// a finished job, an upload), so each request means there what it meant to the API. Differences
// left on purpose are in DIFFERENCES (the same table is in docs/local-server.md) with the reason;
// any other fails the suite, and so does an entry that no longer matches anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';
import { DIFFERENCES } from './differences.ts';
import { loadRecordings, type Exchange } from './recordings.ts';
import { bodyDifferences, type Difference, headerDifferences } from './shape.ts';

const all = loadRecordings();
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ clock: 'manual' });
});
afterAll(() => server.close());

interface Request {
  method: string;
  path: string;
  json?: unknown;
  form?: FormData;
}

async function send(r: Request): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.apiKey}` };
  let body: BodyInit | undefined;
  if (r.form) body = r.form;
  else if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${server.baseUrl}${r.path}`, { method: r.method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // file content
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

async function ok(r: Request): Promise<any> {
  const answer = await send(r);
  if (answer.status >= 300)
    throw new Error(`${r.method} ${r.path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function file(purpose = 'fine-tune', filename = 'train.jsonl'): Promise<string> {
  // An output purpose is not uploaded: a finished job makes its result file.
  if (purpose === 'fine-tune-results') return (await job(true)).result_files[0];
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new File([TRAINING_JSONL], filename));
  return (await ok({ method: 'POST', path: '/files', form })).id;
}

/**
 * A job on the local server made like `like` (a recorded job): with a validation file and a suffix
 * if it had them, and the hyperparameters it named (those not "auto").
 */
async function job(settled = false, like?: Record<string, any>): Promise<any> {
  const named = Object.entries(like?.hyperparameters ?? { n_epochs: 1 }).filter(
    ([k, v]) => v !== 'auto' && k !== 'prompt_loss_weight',
  );
  const created = await ok({
    method: 'POST',
    path: '/fine_tuning/jobs',
    json: {
      model: 'gpt-4o-mini',
      training_file: await file(),
      ...(like?.validation_file ? { validation_file: await file() } : {}),
      ...(like?.user_provided_suffix ? { suffix: like.user_provided_suffix } : {}),
      ...(named.length ? { hyperparameters: Object.fromEntries(named) } : {}),
    },
  });
  if (settled) server.settle();
  return settled ? ok({ method: 'GET', path: `/fine_tuning/jobs/${created.id}` }) : created;
}

/** Replaces every `file-…` id in a request body by a file made on the local server. */
async function localFiles(value: unknown): Promise<unknown> {
  if (typeof value === 'string') return /^file-\w+$/.test(value) ? file() : value;
  if (Array.isArray(value)) return Promise.all(value.map(localFiles));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await localFiles(v);
    return out;
  }
  return value;
}

/** The request that means on the local server what the recorded one meant to the API. */
async function requestFor(e: Exchange): Promise<Request> {
  const rest = e.path.replace(/^\/v1/, '');
  const ok2xx = (e.status ?? 400) < 300;
  const answer = (e.body ?? {}) as Record<string, any>;
  const query = e.query ? `?${e.query}` : '';
  const route = rest.split('/').slice(1);
  if (route[0] === 'files') {
    if (route.length === 1 && e.method === 'POST') {
      const form = new FormData();
      const message = String(answer.error?.message ?? '');
      const purpose = ok2xx
        ? String(answer.purpose)
        : (/^'([^']+)' is not one of/.exec(message)?.[1] ?? 'fine-tune');
      form.append('purpose', purpose);
      form.append('file', new File([TRAINING_JSONL], ok2xx ? String(answer.filename) : 'a.jsonl'));
      return { method: 'POST', path: '/files', form };
    }
    if (route.length === 1) {
      const purpose = new URLSearchParams(e.query ?? '').get('purpose');
      await file(purpose ?? 'fine-tune');
      return { method: 'GET', path: `/files${query}` };
    }
    const id = ok2xx ? await file(String(answer.purpose ?? 'fine-tune')) : route[1]!;
    return { method: e.method, path: `/files/${id}${route[2] ? `/${route[2]}` : ''}` };
  }
  if (route[0] === 'fine_tuning') {
    if (route.length === 2 && e.method === 'POST') {
      const body = (e.requestBody ?? {}) as Record<string, unknown>;
      return { method: 'POST', path: '/fine_tuning/jobs', json: await localFiles(body) };
    }
    if (route.length === 2) {
      const like = answer.data?.[0];
      // The page after the newer job starts at the older one, made like the recorded first item.
      await job(false, like);
      const newer = await job(false, like);
      const q = new URLSearchParams(e.query ?? '');
      if (q.has('after')) q.set('after', newer.id);
      return { method: 'GET', path: `/fine_tuning/jobs${q.size ? `?${q}` : ''}` };
    }
    const id = ok2xx ? (await job(route[3] === 'checkpoints', answer)).id : route[2]!;
    return {
      method: e.method,
      path: `/fine_tuning/jobs/${id}${route[3] ? `/${route[3]}` : ''}${query}`,
    };
  }
  if (route[0] === 'models') {
    if (route.length === 1) return { method: 'GET', path: '/models' };
    const id = decodeURIComponent(route.slice(1).join('/'));
    if (e.method === 'DELETE' && ok2xx) {
      const model = (await job(true)).fine_tuned_model;
      return { method: 'DELETE', path: `/models/${encodeURIComponent(model)}` };
    }
    // A base model the recording read that the server does not list (retired since): read one it does.
    const listed = (await ok({ method: 'GET', path: '/models' })).data.map((m: any) => m.id);
    const known = !ok2xx || listed.includes(id) ? id : listed[0];
    return { method: e.method, path: `/models/${encodeURIComponent(known)}` };
  }
  if (route[0] === 'uploads') {
    const create = async () =>
      ok({
        method: 'POST',
        path: '/uploads',
        json: { purpose: 'fine-tune', filename: 'u.jsonl', bytes: 8, mime_type: 'text/jsonl' },
      });
    if (route.length === 1)
      return {
        method: 'POST',
        path: '/uploads',
        json: e.requestBody ?? {
          purpose: answer.purpose,
          filename: answer.filename,
          bytes: answer.bytes,
          mime_type: 'text/jsonl',
        },
      };
    const upload = await create();
    const part = () => {
      const form = new FormData();
      form.append('data', new Blob(['{"a": 1}']));
      return form;
    };
    if (route[2] === 'parts')
      return { method: 'POST', path: `/uploads/${upload.id}/parts`, form: part() };
    if (route[2] === 'cancel') return { method: 'POST', path: `/uploads/${upload.id}/cancel` };
    const added = await ok({ method: 'POST', path: `/uploads/${upload.id}/parts`, form: part() });
    return {
      method: 'POST',
      path: `/uploads/${upload.id}/complete`,
      json: { part_ids: [added.id] },
    };
  }
  throw new Error(`no local request for ${e.method} ${e.path}`);
}

/** The status the recording shows, or the one the sources give for a pasted body. */
const statusOf = (e: Exchange) =>
  e.status ?? (e.file.startsWith('issue__sashirestela') ? 400 : undefined);

const found: Array<{ exchange: string; difference: Difference; why: string | undefined }> = [];

describe('recorded exchanges sent to the local server, compared in shape', () => {
  it.each(all.map((e) => [e.name, e] as const))('%s', async (name, e) => {
    const skipped = DIFFERENCES.find((d) => d.files.test(e.file) && d.at.source === '.*');
    if (skipped) {
      found.push({
        exchange: name,
        difference: { at: '*', recorded: '', local: '' },
        why: skipped.why,
      });
      return;
    }
    const local = await send(await requestFor(e));
    const differences: Difference[] = [];
    const status = statusOf(e);
    if (status !== local.status)
      differences.push({ at: 'status', recorded: String(status), local: String(local.status) });
    differences.push(...bodyDifferences(e.body, local.body));
    if (e.headers) differences.push(...headerDifferences(e.headers, local.headers));
    const unexplained: Difference[] = [];
    for (const d of differences) {
      const why = DIFFERENCES.find((x) => x.files.test(e.file) && x.at.test(d.at))?.why;
      found.push({ exchange: name, difference: d, why });
      if (!why) unexplained.push(d);
    }
    expect(unexplained, `${name}: ${JSON.stringify(e.body).slice(0, 300)}`).toEqual([]);
  });

  it('every deliberate difference in the table still occurs', () => {
    for (const d of DIFFERENCES)
      expect(
        found.some((f) => f.why === d.why),
        d.why,
      ).toBe(true);
  });
});
