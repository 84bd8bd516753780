// Which SDK call makes each recorded exchange: its method and path (the base stripped) name the
// operation; the arguments come from the recorded request (or, where the recorder kept no
// multipart body, from the recorded answer). Exchanges no plain-client call makes say why.
import type { FineTuning } from '../../src/index.ts';
import type { Exchange } from './recordings.ts';

export type SdkCall = (ft: FineTuning) => PromiseLike<unknown>;

/** The base URL the plain client needs to send this exchange's path, and the path under it. */
export function baseOf(e: Exchange): { origin: string; base: string; rest: string } {
  const m = /^(\/v1|\/openai|\/api\/projects\/[^/]+\/openai)(\/.*)$/.exec(e.path);
  const origin = e.service === 'azure' ? 'https://azure.test' : 'https://api.openai.test';
  return m ? { origin, base: m[1]!, rest: m[2]! } : { origin, base: '', rest: e.path };
}

const queryOf = (e: Exchange): Record<string, string> =>
  Object.fromEntries(
    [...new URLSearchParams(e.query ?? '').entries()].filter(([k]) => k !== 'api-version'),
  );

const bodyObject = (e: Exchange): Record<string, unknown> =>
  e.body && typeof e.body === 'object' ? (e.body as Record<string, unknown>) : {};

/** The call that sends this exchange, or why the plain client sends no such request. */
export function sdkCallFor(e: Exchange): { call: SdkCall } | { unfit: string } {
  const { base, rest } = baseOf(e);
  if (!base) return { unfit: 'a probe of a path outside the API (the gateway answered)' };
  if (rest.includes('/chat/completions'))
    return { unfit: 'chat completions: not an operation of this SDK' };
  const q = queryOf(e);
  const answer = bodyObject(e);
  const request = (e.requestBody ?? {}) as Record<string, unknown>;
  const id = (pattern: RegExp) => decodeURIComponent(pattern.exec(rest)![1]!);
  const route = `${e.method} ${rest.replace(/\/[^/]+(?=\/|$)/g, (seg, offset: number) =>
    offset === 0 ? seg : '/{id}',
  )}`;
  switch (route) {
    case 'POST /files': {
      // The recorders keep no multipart body: the file's name and purpose come from the answer.
      const filename = typeof answer.filename === 'string' ? answer.filename : 'train.jsonl';
      const purpose = (typeof answer.purpose === 'string' ? answer.purpose : 'fine-tune') as never;
      return { call: (ft) => ft.files.create({ file: '{}\n', filename, purpose }) };
    }
    case 'GET /files':
      return { call: (ft) => ft.files.list(q as never) };
    case 'GET /files/{id}':
      return { call: (ft) => ft.files.retrieve(id(/^\/files\/([^/]+)/)) };
    case 'DELETE /files/{id}':
      return { call: (ft) => ft.files.delete(id(/^\/files\/([^/]+)/)) };
    case 'GET /files/{id}/{id}':
      return {
        call: async (ft) => (await ft.files.content(id(/^\/files\/([^/]+)/))).text(),
      };
    case 'POST /fine_tuning/{id}':
      return { call: (ft) => ft.jobs.create(request as never) };
    case 'GET /fine_tuning/{id}':
      return { call: (ft) => ft.jobs.list(q as never) };
    case 'GET /fine_tuning/{id}/{id}':
      return { call: (ft) => ft.jobs.retrieve(id(/^\/fine_tuning\/jobs\/([^/]+)/)) };
    case 'DELETE /fine_tuning/{id}/{id}':
      return { unfit: 'DELETE of a job is Azure only; the plain client has no such call' };
    case 'POST /fine_tuning/{id}/{id}/{id}': {
      const job = id(/^\/fine_tuning\/jobs\/([^/]+)/);
      if (rest.endsWith('/cancel')) return { call: (ft) => ft.jobs.cancel(job) };
      if (rest.endsWith('/pause')) return { call: (ft) => ft.jobs.pause(job) };
      break;
    }
    case 'GET /fine_tuning/{id}/{id}/{id}': {
      const job = id(/^\/fine_tuning\/jobs\/([^/]+)/);
      if (rest.endsWith('/events')) return { call: (ft) => ft.jobs.listEvents(job, q as never) };
      if (rest.endsWith('/checkpoints'))
        return { call: (ft) => ft.jobs.listCheckpoints(job, q as never) };
      break;
    }
    case 'GET /models':
      return { call: (ft) => ft.models.list() };
    case 'GET /models/{id}':
      return { call: (ft) => ft.models.retrieve(id(/^\/models\/(.+)$/)) };
    case 'DELETE /models/{id}':
      return { call: (ft) => ft.models.delete(id(/^\/models\/(.+)$/)) };
    case 'POST /uploads': {
      const params = Object.keys(request).length
        ? request
        : {
            filename: answer.filename,
            purpose: answer.purpose,
            bytes: answer.bytes,
            mime_type: 'text/jsonl',
          };
      return { call: (ft) => ft.uploads.create(params as never) };
    }
    case 'POST /uploads/{id}/{id}': {
      const upload = id(/^\/uploads\/([^/]+)/);
      if (rest.endsWith('/parts'))
        return { call: (ft) => ft.uploads.addPart(upload, new Blob(['{}\n'])) };
      if (rest.endsWith('/cancel')) return { call: (ft) => ft.uploads.cancel(upload) };
      if (rest.endsWith('/complete')) {
        const params = Object.keys(request).length ? request : { part_ids: ['part_1'] };
        return { call: (ft) => ft.uploads.complete(upload, params as never) };
      }
      break;
    }
  }
  return { unfit: `no SDK call for ${e.method} ${rest}` };
}
