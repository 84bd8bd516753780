// Client options, environment fallbacks and the missing-key errors.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, FineTuning } from '../../src/index.ts';
import { BASE, BASE_URL, nock, useNock } from '../helpers/nock.ts';

useNock();
afterEach(() => {
  vi.unstubAllEnvs();
});

const job = { object: 'fine_tuning.job', id: 'ftjob-1', status: 'queued' };

function clearEnv() {
  for (const name of [
    'OPENAI_API_KEY',
    'OPENAI_ADMIN_KEY',
    'OPENAI_ORG_ID',
    'OPENAI_PROJECT_ID',
    'OPENAI_BASE_URL',
  ]) {
    vi.stubEnv(name, '');
  }
}

describe('environment fallbacks', () => {
  it('reads every setting from the environment', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    vi.stubEnv('OPENAI_ADMIN_KEY', 'sk-admin-env');
    vi.stubEnv('OPENAI_ORG_ID', 'org-env');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj-env');
    vi.stubEnv('OPENAI_BASE_URL', `${BASE}/custom/v1/`);
    const ft = new FineTuning();
    nock(BASE, {
      reqheaders: {
        authorization: 'Bearer sk-env',
        'openai-organization': 'org-env',
        'openai-project': 'proj-env',
      },
    })
      .get('/custom/v1/fine_tuning/jobs/ftjob-1')
      .reply(200, job);
    nock(BASE, { reqheaders: { authorization: 'Bearer sk-admin-env' } })
      .delete('/custom/v1/fine_tuning/checkpoints/ck/permissions/cp')
      .reply(200, { id: 'cp', object: 'checkpoint.permission', deleted: true });
    expect((await ft.jobs.retrieve('ftjob-1')).id).toBe('ftjob-1');
    expect((await ft.checkpoints.permissions.delete('ck', 'cp')).deleted).toBe(true);
  });

  it('prefers options over the environment', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    vi.stubEnv('OPENAI_ORG_ID', 'org-env');
    vi.stubEnv('OPENAI_BASE_URL', 'https://elsewhere.invalid/v1');
    const ft = new FineTuning({
      apiKey: 'sk-option',
      organization: 'org-option',
      baseUrl: BASE_URL,
    });
    nock(BASE, {
      reqheaders: { authorization: 'Bearer sk-option', 'openai-organization': 'org-option' },
    })
      .get('/v1/fine_tuning/jobs/ftjob-1')
      .reply(200, job);
    await ft.jobs.retrieve('ftjob-1');
  });

  it('treats empty and whitespace-only values as unset', async () => {
    clearEnv();
    vi.stubEnv('OPENAI_BASE_URL', '   ');
    vi.stubEnv('OPENAI_ORG_ID', ' ');
    const ft = new FineTuning({ apiKey: 'sk-1', project: '  ' });
    expect(ft.options.baseUrl).toBe('https://api.openai.com/v1');
    expect(ft.options.headers).toEqual({});
    expect(new FineTuning({ apiKey: '   ' }).options.apiKey).toBeUndefined();
  });

  it('trims a trailing slash from baseUrl', () => {
    expect(new FineTuning({ apiKey: 'k', baseUrl: `${BASE_URL}//` }).options.baseUrl).toBe(
      BASE_URL,
    );
  });
});

describe('missing keys', () => {
  it('fails before any request when no API key is configured, naming the option and the variable', async () => {
    clearEnv();
    const fetchSpy = vi.fn(globalThis.fetch);
    const ft = new FineTuning({ baseUrl: BASE_URL, fetch: fetchSpy });
    const error = await ft.jobs.retrieve('ftjob-1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('`apiKey`');
    expect((error as Error).message).toContain('OPENAI_API_KEY');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('fails before any request when an admin operation has no admin key', async () => {
    clearEnv();
    const fetchSpy = vi.fn(globalThis.fetch);
    const ft = new FineTuning({ apiKey: 'sk-normal', baseUrl: BASE_URL, fetch: fetchSpy });
    await expect(ft.checkpoints.permissions.list('ck')).rejects.toThrow(
      /`adminApiKey`.*OPENAI_ADMIN_KEY/,
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('never sends the admin key where the API key belongs', async () => {
    clearEnv();
    const ft = new FineTuning({ adminApiKey: 'sk-admin', baseUrl: BASE_URL });
    await expect(ft.jobs.list()).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('key functions, fetch and headers', () => {
  it('calls an async apiKey function before every request', async () => {
    let n = 0;
    const ft = new FineTuning({ apiKey: async () => `sk-rotated-${++n}`, baseUrl: BASE_URL });
    nock(BASE, { reqheaders: { authorization: 'Bearer sk-rotated-1' } })
      .get('/v1/fine_tuning/jobs/a')
      .reply(200, job);
    nock(BASE, { reqheaders: { authorization: 'Bearer sk-rotated-2' } })
      .get('/v1/fine_tuning/jobs/b')
      .reply(200, job);
    await ft.jobs.retrieve('a');
    await ft.jobs.retrieve('b');
    expect(n).toBe(2);
  });

  it('uses the given fetch and sends default and per-call headers', async () => {
    const seen: Request[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      seen.push(request);
      return new Response(JSON.stringify(job), { headers: { 'content-type': 'application/json' } });
    };
    const ft = new FineTuning({
      apiKey: 'sk',
      baseUrl: BASE_URL,
      fetch: fetchImpl,
      headers: { 'x-team': 'a', 'OpenAI-Project': 'p-default' },
    });
    await ft.jobs.retrieve('ftjob-1', { headers: { 'x-trace': 't1' } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(`${BASE_URL}/fine_tuning/jobs/ftjob-1`);
    expect(seen[0]!.headers.get('x-team')).toBe('a');
    expect(seen[0]!.headers.get('x-trace')).toBe('t1');
    expect(seen[0]!.headers.get('openai-project')).toBe('p-default');
  });
});
