// `withResponse()` hands back the answer's headers redacted like every other rendering: a server
// that echoes the key (or any credential header the request carried) in a header shows it nowhere.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { leaks } from '../fuzz/helpers.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const API_KEY = 'sk-proj-rawheaders0123456789';
const GATEWAY_KEY = 'gw-7f3a9c1e5b2d4f60';
const SECRETS = [API_KEY, GATEWAY_KEY];

// What a hostile or careless server echoes back: the key, the bearer header, a custom credential.
const ECHOING = {
  'x-request-id': 'req_echo',
  'x-echo-authorization': `Bearer ${API_KEY}`,
  'x-debug': `key=${API_KEY}; gateway=${GATEWAY_KEY}`,
  'api-key': GATEWAY_KEY,
  'set-cookie': `session=${API_KEY}`,
  'content-type': 'application/json',
};

const client = () =>
  new FineTuning({ apiKey: API_KEY, baseUrl: BASE_URL, headers: { 'Api-Key': GATEWAY_KEY } });

function expectRedacted(response: Response) {
  expect(response.headers.get('x-request-id')).toBe('req_echo');
  expect(response.headers.get('x-echo-authorization')).toBe('[redacted]');
  expect(response.headers.get('x-debug')).toBe('key=[redacted]; gateway=[redacted]');
  expect(response.headers.get('api-key')).toBe('[redacted]');
  expect(response.headers.get('set-cookie')).toBe('[redacted]');
  expect(response.status).toBe(200);
  for (const shown of [response, [...response.headers]]) expect(leaks(shown, SECRETS)).toEqual([]);
  expect(inspect(response, { depth: 5 })).not.toContain(API_KEY);
}

describe('withResponse() raw headers', () => {
  it('a call: the headers are redacted, the request id and the data intact, the body readable', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .reply(200, { id: 'ftjob-1', object: 'fine_tuning.job' }, ECHOING);
    const { data, response, requestId } = await client().jobs.retrieve('ftjob-1').withResponse();
    expect(data).toMatchObject({ id: 'ftjob-1' });
    expect(requestId).toBe('req_echo');
    expectRedacted(response);
  });

  it('a list page, and every page of an iteration', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs')
      .query(true)
      .reply(200, { object: 'list', data: [{ id: 'ftjob-1' }], has_more: false }, ECHOING);
    const { response, data } = await client().jobs.list().withResponse();
    expect(data.data).toHaveLength(1);
    expectRedacted(response);
    expectRedacted(data.response);
  });

  it('file content: the Response handed over as data', async () => {
    nock(BASE)
      .get('/v1/files/file-1/content')
      .reply(200, 'line\n', { ...ECHOING, 'content-type': 'application/jsonl' });
    const response = await client().files.content('file-1');
    expect(response.headers.get('api-key')).toBe('[redacted]');
    expect(await response.text()).toBe('line\n');
    expect(leaks(response.headers, SECRETS)).toEqual([]);
  });

  it('a clone of an unread answer (file content, as data and from withResponse) is redacted too', async () => {
    nock(BASE)
      .get('/v1/files/file-1/content')
      .times(2)
      .reply(200, 'line\n', { ...ECHOING, 'content-type': 'application/jsonl' });
    const ft = client();
    const data = await ft.files.content('file-1');
    const { response } = await ft.files.content('file-1').withResponse();
    for (const answer of [data, response]) {
      const copy = answer.clone();
      expect(copy.headers.get('api-key')).toBe('[redacted]');
      expect(copy.headers.get('x-debug')).toBe('key=[redacted]; gateway=[redacted]');
      expect(leaks([...copy.headers], SECRETS)).toEqual([]);
      // A clone of the clone, and both bodies still readable.
      expect(leaks([...copy.clone().headers], SECRETS)).toEqual([]);
      expect(await copy.text()).toBe('line\n');
      expect(await answer.text()).toBe('line\n');
    }
  });

  it('the key is still sent, and the response headers are still whole for the SDK (rate limits)', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .matchHeader('authorization', `Bearer ${API_KEY}`)
      .matchHeader('api-key', GATEWAY_KEY)
      .reply(200, { id: 'ftjob-1' }, { ...ECHOING, 'x-ratelimit-remaining-requests': '9' });
    const ft = client();
    await ft.jobs.retrieve('ftjob-1');
    expect(ft.client.rateLimit?.requests.remaining).toBe(9);
  });
});
