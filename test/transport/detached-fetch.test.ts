// A browser's fetch throws "Illegal invocation" when called with any `this` but the window: the
// transport must call the fetch it was given detached, on the first attempt, on a retry, on a
// followed redirect and on an event stream alike (the runtime matrix's Chromium row runs the real
// thing; this stands in for it on Node).
import { describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();

const job = { id: 'ftjob-1', object: 'fine_tuning.job', status: 'running' };

/** A fetch that, like a browser's, refuses to be called as a method of anything. */
function browserLikeFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
  if (this !== undefined && this !== globalThis)
    return Promise.reject(new TypeError("Failed to execute 'fetch': Illegal invocation"));
  return fetch(input, init);
}

const client = () =>
  new FineTuning({
    apiKey: 'sk-detached',
    baseUrl: BASE_URL,
    fetch: browserLikeFetch,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
  });

describe('the fetch option is called detached', () => {
  it('on the first attempt', async () => {
    nock(BASE).get('/v1/fine_tuning/jobs/ftjob-1').reply(200, job);
    expect((await client().jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
  });

  it('on a retry', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .reply(503, { error: { message: 'busy' } })
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .reply(200, job);
    expect((await client().jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
  });

  it('on a same-origin redirect it follows', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .reply(307, '', { location: `${BASE_URL}/fine_tuning/jobs/ftjob-1?moved=1` })
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .query({ moved: '1' })
      .reply(200, job);
    expect((await client().jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
  });
});
