// The five legacy operations through LegacyFineTunes against nock: method, exact path, body, the
// shared options (key, organization, project), and the typed errors of the main facade.
import type { Readable } from 'node:stream';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  APIError,
  ConfigurationError,
  InvalidArgumentError,
  InvalidResponseError,
} from '../../src/index.ts';
import {
  EventStreamError,
  LegacyFineTunes,
  type FineTune,
  type FineTuneEvent,
} from '../../src/legacy/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const API_KEY = 'sk-legacy-test';
const legacy = new LegacyFineTunes({
  apiKey: API_KEY,
  organization: 'org-123',
  project: 'proj_456',
  baseUrl: BASE_URL,
  deprecationWarning: false,
});

const api = () =>
  nock(BASE, {
    reqheaders: {
      authorization: `Bearer ${API_KEY}`,
      'openai-organization': 'org-123',
      'openai-project': 'proj_456',
    },
  });

const fineTune = (id: string, status = 'pending'): FineTune => ({
  id,
  object: 'fine-tune',
  model: 'curie',
  created_at: 1614807352,
  fine_tuned_model: null,
  hyperparams: {
    batch_size: 4,
    learning_rate_multiplier: 0.1,
    n_epochs: 4,
    prompt_loss_weight: 0.1,
  },
  organization_id: 'org-123',
  result_files: [],
  status,
  training_files: [],
  validation_files: [],
  updated_at: 1614807352,
});
const event = (message: string, created_at = 1614807352): FineTuneEvent => ({
  object: 'fine-tune-event',
  created_at,
  level: 'info',
  message,
});
const sse = (...blocks: string[]) => blocks.join('');

describe('LegacyFineTunes operations', () => {
  it('create POSTs the legacy body to /fine-tunes, nulls included', async () => {
    const body = {
      training_file: 'file-abc',
      model: 'curie',
      batch_size: null,
      prompt_loss_weight: 0.1,
      hyperparameters: { n_epochs: 4 },
    };
    api()
      .post('/v1/fine-tunes', body)
      .matchHeader('content-type', 'application/json')
      .reply(200, fineTune('ft-1'));
    const created = await legacy.create(body);
    expectTypeOf(created).toEqualTypeOf<FineTune>();
    expect(created).toMatchObject({ id: 'ft-1', object: 'fine-tune', status: 'pending' });
  });

  it('list GETs /fine-tunes', async () => {
    api()
      .get('/v1/fine-tunes')
      .reply(200, { object: 'list', data: [fineTune('ft-1'), fineTune('ft-2')] });
    const page = await legacy.list();
    expect(page.data.map((f) => f.id)).toEqual(['ft-1', 'ft-2']);
  });

  it('retrieve GETs the fine-tune by its encoded id, with the request id', async () => {
    api()
      .get('/v1/fine-tunes/ft%2F1')
      .reply(200, fineTune('ft/1', 'running'), { 'x-request-id': 'req_1' });
    const { data, requestId } = await legacy.retrieve('ft/1').withResponse();
    expect(data.status).toBe('running');
    expect(requestId).toBe('req_1');
  });

  it('cancel POSTs /fine-tunes/{id}/cancel without a body', async () => {
    api()
      .post(
        '/v1/fine-tunes/ft-1/cancel',
        (body) => body === '' || body === undefined || Object.keys(body).length === 0,
      )
      .reply(200, fineTune('ft-1', 'cancelled'));
    expect((await legacy.cancel('ft-1')).status).toBe('cancelled');
  });

  it('listEvents without stream returns the events so far', async () => {
    api()
      .get('/v1/fine-tunes/ft-1/events')
      .reply(200, { object: 'list', data: [event('Job enqueued.')] });
    const events = await legacy.listEvents('ft-1');
    expect(events.data.map((e) => e.message)).toEqual(['Job enqueued.']);
    api()
      .get('/v1/fine-tunes/ft-1/events')
      .query({ stream: 'false' })
      .reply(200, { object: 'list', data: [] });
    expect((await legacy.listEvents('ft-1', { stream: false })).data).toEqual([]);
  });

  it('a non-2xx is an APIError with the OpenAI error fields', async () => {
    api()
      .get('/v1/fine-tunes/ft-missing')
      .reply(
        404,
        {
          error: {
            message: 'No such fine-tune: ft-missing',
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        },
        { 'x-request-id': 'req_404' },
      );
    const error = await legacy.retrieve('ft-missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 404,
      type: 'invalid_request_error',
      requestId: 'req_404',
      path: '/v1/fine-tunes/ft-missing',
    });
    expect((error as Error).message).toContain('No such fine-tune');
  });

  it('refuses an empty or dot-segment id before any request', async () => {
    await expect(legacy.retrieve('')).rejects.toThrow(InvalidArgumentError);
    await expect(legacy.cancel('..')).rejects.toThrow(/different path/);
    await expect(
      legacy.listEvents(' ', { stream: true })[Symbol.asyncIterator]().next(),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it('without a key says how to give one', async () => {
    const keyless = new LegacyFineTunes({
      apiKey: () => '',
      baseUrl: BASE_URL,
      deprecationWarning: false,
    });
    await expect(keyless.list()).rejects.toThrow(ConfigurationError);
  });
});

describe('listEvents(id, { stream: true }) against nock', () => {
  const streamReply = (body: string | Readable, headers: Record<string, string> = {}) =>
    api()
      .get('/v1/fine-tunes/ft-1/events')
      .query({ stream: 'true' })
      .matchHeader('accept', 'text/event-stream')
      .reply(200, () => body, { 'content-type': 'text/event-stream', ...headers });

  it('yields every data event and ends on [DONE]', async () => {
    streamReply(
      sse(
        `data: ${JSON.stringify(event('Job started.'))}\n\n`,
        ': keep-alive\n\n',
        `data: ${JSON.stringify(event('Job succeeded.'))}\r\n\r\n`,
        'data: [DONE]\n\n',
        // Anything after [DONE] is not read as events.
        `data: ${JSON.stringify(event('after done'))}\n\n`,
      ),
    );
    const messages: string[] = [];
    for await (const e of legacy.listEvents('ft-1', { stream: true })) {
      expectTypeOf(e).toEqualTypeOf<FineTuneEvent>();
      messages.push(e.message);
    }
    expect(messages).toEqual(['Job started.', 'Job succeeded.']);
  });

  it('an `error` event is an EventStreamError, an APIError with the OpenAI error fields', async () => {
    streamReply(
      sse(
        `data: ${JSON.stringify(event('Job started.'))}\n\n`,
        'event: error\ndata: {"error": {"message": "The fine-tune failed", "type": "server_error", "code": "internal"}}\n\n',
      ),
      { 'x-request-id': 'req_sse' },
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of legacy.listEvents('ft-1', { stream: true })) seen.push(e.message);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['Job started.']);
    expect(error).toBeInstanceOf(EventStreamError);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: 'server_error', code: 'internal', requestId: 'req_sse' });
    expect((error as Error).message).toMatch(/error event in the stream: The fine-tune failed/);
  });

  it('an `error` event whose data is plain text keeps the text in the message', async () => {
    streamReply('event: error\ndata: upstream timeout\n\n');
    const error = await legacy
      .listEvents('ft-1', { stream: true })
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventStreamError);
    expect((error as EventStreamError).body).toBe('upstream timeout');
    expect((error as Error).message).toContain('upstream timeout');
  });

  it('a data object with an `error` member is an error too', async () => {
    streamReply('data: {"error": {"message": "rate limited", "type": "requests"}}\n\n');
    await expect(
      legacy.listEvents('ft-1', { stream: true })[Symbol.asyncIterator]().next(),
    ).rejects.toThrow(EventStreamError);
  });

  it('a non-2xx is an APIError and is not retried', async () => {
    api()
      .get('/v1/fine-tunes/ft-1/events')
      .query({ stream: 'true' })
      .once()
      .reply(429, { error: { message: 'Too many streams', type: 'requests' } });
    const iterator = legacy
      .listEvents('ft-1', { stream: true }, { reconnectDelayMs: 0 })
      [Symbol.asyncIterator]();
    const error = await iterator.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 429 });
  });

  it('a JSON answer (stream=true ignored) is an InvalidResponseError, not an empty stream', async () => {
    api()
      .get('/v1/fine-tunes/ft-1/events')
      .query({ stream: 'true' })
      .reply(200, { object: 'list', data: [] });
    await expect(
      legacy.listEvents('ft-1', { stream: true })[Symbol.asyncIterator]().next(),
    ).rejects.toThrow(/not an event stream \(content-type "application\/json"\)/);
  });

  it('data that is not JSON is an InvalidResponseError', async () => {
    streamReply('data: {not json\n\n');
    await expect(
      legacy.listEvents('ft-1', { stream: true })[Symbol.asyncIterator]().next(),
    ).rejects.toThrow(InvalidResponseError);
  });

  it('a stream can be iterated once, and bad reconnect options are refused', () => {
    const stream = legacy.listEvents('ft-1', { stream: true });
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/already iterated/);
    expect(() => legacy.listEvents('ft-1', { stream: true }, { maxReconnects: -1 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => legacy.listEvents('ft-1', { stream: true }, { reconnectDelayMs: 1.5 })).toThrow(
      /whole number/,
    );
  });
});
