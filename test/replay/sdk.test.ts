// Every recorded answer of the real API (../shared/real-traffic/), served by nock to the SDK call
// that made it: the request goes out as recorded (method, path, query), a 2xx comes back as the
// value the API sent, whole; an error is the typed error for its status with the recorded code and
// param; and nothing is retried that should not be (the client may retry twice: a 4xx other than
// 408/409/429, and the daily cap's 429, must be sent once).
import { describe, expect, it } from 'vitest';
import {
  type APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DailyRateLimitError,
  FineTuning,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/index.ts';
import { nock, useNock } from '../helpers/nock.ts';
import { baseOf, sdkCallFor } from './calls.ts';
import { loadRecordings, type Exchange } from './recordings.ts';

useNock();

const exchanges = loadRecordings();

/** Exchanges the plain client makes no call for, with the reason: the suite fails on any other. */
const NOT_SDK_CALLS: Record<string, string> = {
  'azure-sdk-assets__net-FineTuningTests__CreateCancelDelete(null).json#4':
    'DELETE of a job is Azure only; the plain client has no such call',
  'azure-sdk-assets__net-FineTuningTests__CreateCancelDelete(null).json#5':
    'a probe of a path outside the API (the gateway answered)',
  'azure-sdk-assets__net-FineTuningTests__DeleteFineTuningModel.json#0':
    'DELETE of a job is Azure only; the plain client has no such call',
  'issue__openai_openai-python_585.json#0':
    'a pasted message: no status and no body were recorded, only the text a client printed',
  'issue__thiswillbeyourgithub_openwebui_custom_pipes_filters_3.json#0':
    'chat completions: not an operation of this SDK',
};

/** A pasted error whose status the issue does not show: the status it was served with, and why. */
const INFERRED_STATUS: Record<string, number> = {
  // "invalid nepochs: 2, extra inputs are not permitted": a create error, 400 as the other
  // recorded create errors (../shared/real-traffic/README.md, fact 6).
  'issue__sashirestela_simple-openai_193.json#0': 400,
};

const CLASS_BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
};

interface Sent {
  method: string;
  url: URL;
}

function clientFor(e: Exchange, sent: Sent[]): FineTuning {
  const { origin, base } = baseOf(e);
  return new FineTuning({
    apiKey: 'sk-replay-0123456789',
    baseUrl: `${origin}${base}`,
    jobMarker: false,
    logLevel: 'off',
    maxRetries: 2,
    // No real waiting: a retry the SDK should not make shows as a second request, not a delay.
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    fetch: (input, init) => {
      const request = new Request(input, init);
      sent.push({ method: request.method, url: new URL(request.url) });
      return fetch(input, init);
    },
  } as ConstructorParameters<typeof FineTuning>[0]);
}

function serve(e: Exchange, status: number): void {
  const { origin } = baseOf(e);
  const headers = { ...(e.headers ?? {}) };
  // The transfer framing of the original connection is not part of the answer.
  for (const h of ['content-length', 'transfer-encoding', 'connection', 'content-encoding'])
    delete headers[h];
  const body =
    e.raw ??
    (e.body === undefined ? '' : typeof e.body === 'string' ? e.body : JSON.stringify(e.body));
  if (e.raw === undefined && e.body !== undefined && typeof e.body !== 'string')
    headers['content-type'] ??= 'application/json';
  // Times three: a retry the SDK should not make reaches the same answer and is counted.
  // Matched decoded: the SDK encodes a model id's ':' in the path (%3A), the recorders did not.
  nock(origin)
    .intercept((path) => decodeURIComponent(path.split('?')[0]!) === e.path, e.method)
    .query(true)
    .times(3)
    .reply(status, body, headers);
}

const cases = exchanges.map((e) => [e.name, e] as const);

describe('recorded answers served to the SDK', () => {
  it('reads every recording', () => {
    expect(exchanges.length).toBe(88);
  });

  it.each(cases)('%s', async (name, e) => {
    const found = sdkCallFor(e);
    const status = e.status ?? INFERRED_STATUS[name];
    const unfit =
      'unfit' in found
        ? found.unfit
        : status === undefined
          ? 'a pasted message: no status and no body were recorded, only the text a client printed'
          : undefined;
    // Only the exchanges listed are left out, each for the reason listed.
    expect(unfit, name).toBe(NOT_SDK_CALLS[name]);
    if (unfit !== undefined || 'unfit' in found) return;
    const sent: Sent[] = [];
    try {
      await check(e, found.call, status!, sent);
    } finally {
      nock.cleanAll();
    }
  });
});

async function check(
  e: Exchange,
  call: (ft: FineTuning) => PromiseLike<unknown>,
  status: number,
  sent: Sent[],
): Promise<void> {
  {
    serve(e, status);
    const outcome = await Promise.resolve(call(clientFor(e, sent))).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    // The request the recording answered: method, path and query.
    expect(sent[0]?.method).toBe(e.method);
    expect(decodeURIComponent(sent[0]!.url.pathname)).toBe(e.path);
    const query = new URLSearchParams(e.query ?? '');
    query.delete('api-version');
    expect(Object.fromEntries(sent[0]!.url.searchParams)).toEqual(Object.fromEntries(query));

    if (status < 300) {
      expect(outcome, JSON.stringify(outcome)).toHaveProperty('value');
      const value = (outcome as { value: unknown }).value;
      // The value as the API sent it, every field kept (a page stringifies to its body).
      expect(typeof value === 'string' ? value : JSON.parse(JSON.stringify(value))).toEqual(
        typeof value === 'string' ? (e.raw ?? e.body) : e.body,
      );
      expect(sent).toHaveLength(1);
      return;
    }
    expect(outcome).toHaveProperty('error');
    const error = (outcome as { error: unknown }).error as APIError;
    const recorded = (e.body as { error?: { code?: unknown; param?: unknown; type?: unknown } })
      .error;
    const daily = recorded?.code === 'daily_rate_limit_exceeded';
    expect(error).toBeInstanceOf(daily ? DailyRateLimitError : CLASS_BY_STATUS[status]!);
    expect(error.status).toBe(status);
    expect(error.code).toEqual(recorded?.code);
    expect(error.param).toEqual(recorded?.param);
    expect(error.type).toEqual(recorded?.type);
    // Only what is worth repeating is repeated: 408, 409, 429 (not the daily cap) and 5xx.
    const retriable = [408, 409, 429].includes(status) || status >= 500;
    expect(sent).toHaveLength(retriable && !daily ? 3 : 1);
  }
}
