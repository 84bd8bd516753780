// What a failed call throws at the facade level: nothing failed may look like success.
import { describe, expect, it } from 'vitest';
import { APIError, FineTuning, InvalidResponseError } from '../../src/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();
const ft = new FineTuning({ apiKey: 'sk-secret-value', baseUrl: BASE_URL });

describe('non-2xx responses', () => {
  it('throw an APIError with status, the OpenAI error body and the request id', async () => {
    nock(BASE)
      .get('/v1/fine_tuning/jobs/ftjob-x')
      .reply(
        404,
        {
          error: {
            message: 'No such job: ftjob-x',
            type: 'invalid_request_error',
            param: 'fine_tuning_job_id',
            code: 'not_found',
          },
        },
        { 'x-request-id': 'req_123' },
      );
    const error = await ft.jobs.retrieve('ftjob-x').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 404,
      requestId: 'req_123',
      type: 'invalid_request_error',
      param: 'fine_tuning_job_id',
      code: 'not_found',
      method: 'GET',
      path: '/v1/fine_tuning/jobs/ftjob-x',
    });
    expect((error as Error).message).toBe(
      'GET /v1/fine_tuning/jobs/ftjob-x failed with status 404: No such job: ftjob-x (request id req_123)',
    );
  });

  it('turn an HTML error page into a readable, truncated message', async () => {
    const page = `<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1>${'<p>proxy says no</p>'.repeat(100)}</body></html>`;
    nock(BASE).post('/v1/fine_tuning/jobs').reply(403, page, { 'content-type': 'text/html' });
    const error = (await ft.jobs
      .create({ model: 'm', training_file: 'f' })
      .catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(
      /^POST \/v1\/fine_tuning\/jobs failed with status 403: 403 Forbidden Forbidden proxy says no/,
    );
    expect(error.message).not.toContain('<');
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('2xx responses that are not what the operation returns', () => {
  it('a body that is not JSON is an error, not data', async () => {
    nock(BASE).get('/v1/fine_tuning/jobs/ftjob-1').reply(200, '{"id": "ftjob-1", "stat', {
      'content-type': 'application/json',
      'x-request-id': 'req_9',
    });
    const error = await ft.jobs.retrieve('ftjob-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      /^GET \/v1\/fine_tuning\/jobs\/ftjob-1 answered 200, but its body is not valid JSON/,
    );
    expect((error as Error).message).toContain('req_9');
  });

  it('an empty body is an error, not an empty object', async () => {
    nock(BASE).post('/v1/fine_tuning/jobs/ftjob-1/cancel').reply(200, '');
    await expect(ft.jobs.cancel('ftjob-1')).rejects.toThrow(/answered 200, but its body is empty/);
  });
});
