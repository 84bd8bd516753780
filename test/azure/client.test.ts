// AzureFineTuning against the local server in Azure mode, through every resource and helper, in
// both data-plane shapes (dated with api-version, and v1); the Azure-only operations; and what
// goes over the wire (api-key only, api-version on every request, pagination and uploads included).
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AzureFineTuning,
  AzureManagementError,
  AzureWaitTimeoutError,
  CheckpointCopyFailedError,
  DeploymentFailedError,
} from '../../src/azure/index.ts';
import { ConfigurationError, NotFoundError } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';

interface Seen {
  method: string;
  url: URL;
  headers: Record<string, string>;
}

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer({
    azure: true,
    timing: { validatingMs: 0, queuedMs: 0, stepMs: 0 },
  });
});
afterAll(() => server.close());

function client(apiVersion: string | undefined, extra: object = {}) {
  const seen: Seen[] = [];
  const ft = new AzureFineTuning({
    endpoint: server.azure!.endpoint,
    apiKey: server.azure!.apiKey,
    apiVersion,
    fetch: (input, init) => {
      seen.push({
        method: init?.method ?? 'GET',
        url: new URL(String(input)),
        headers: { ...(init?.headers as Record<string, string>) },
      });
      return fetch(input, init);
    },
    management: {
      endpoint: server.azure!.management.endpoint,
      subscriptionId: server.azure!.management.subscriptionId,
      resourceGroup: server.azure!.management.resourceGroup,
      accountName: server.azure!.management.accountName,
      tokenProvider: () => server.azure!.management.token,
    },
    ...extra,
  });
  return { ft, seen };
}

async function trainedJob(ft: AzureFineTuning) {
  const file = await ft.files.create({
    file: new File([TRAINING_JSONL], 'train.jsonl'),
    purpose: 'fine-tune',
  });
  const job = await ft.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
  return { file, job, done: await ft.jobs.wait(job.id, { timeout: 20_000 }) };
}

describe.each([
  ['dated', '2025-04-01-preview'],
  ['v1', undefined],
])('AzureFineTuning, %s API', (shape, apiVersion) => {
  it('runs files, jobs, events, checkpoints, pagination and the helpers through Azure', async () => {
    const { ft, seen } = client(apiVersion);
    expect(ft.azure).toMatchObject({ api: shape, auth: 'api-key', apiVersion });
    const file = await ft.files.create({
      file: new File([TRAINING_JSONL], 'train.jsonl'),
      purpose: 'fine-tune',
    });
    // Azure: 201 and `pending` for a new file.
    expect(file.status).toBe('pending');
    expect((await ft.files.retrieve(file.id)).id).toBe(file.id);
    expect(new TextDecoder().decode(await (await ft.files.content(file.id)).arrayBuffer())).toBe(
      TRAINING_JSONL,
    );
    // An Upload in parts (files.upload over the threshold) goes through the same transport.
    const big = await ft.files.upload(new Blob([TRAINING_JSONL]), {
      purpose: 'fine-tune',
      filename: 'parts.jsonl',
      threshold: 1,
      partSize: 5 * 1024 * 1024,
    });
    expect(big.filename).toBe('parts.jsonl');

    const job = await ft.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
    expect(job.status).toBe('pending');
    expect(job.hyperparameters.n_epochs).toBe(-1);
    const second = await ft.jobs.create({
      model: 'gpt-4o-mini-2024-07-18',
      training_file: file.id,
    });
    // Pagination: one job per page, the api-version on every page's request.
    const ids: string[] = [];
    for await (const j of ft.jobs.list({ limit: 1 })) ids.push(j.id);
    expect(ids).toEqual(expect.arrayContaining([job.id, second.id]));
    const updates: string[] = [];
    for await (const u of ft.jobs.follow(job.id, { pollInterval: 10 }))
      if (u.type === 'status') updates.push(u.status);
    expect(updates.at(-1)).toBe('succeeded');
    const done = await ft.jobs.wait(second.id, { timeout: 20_000 });
    expect(done.fine_tuned_model).toBeTruthy();
    const events = [];
    for await (const e of ft.jobs.listEvents(job.id, { limit: 2 })) events.push(e);
    expect(events.length).toBeGreaterThan(2);
    const checkpoints = await ft.jobs.listCheckpoints(job.id);
    expect(checkpoints.data.length).toBeGreaterThan(0);
    expect(await ft.jobs.bestCheckpoint(job.id)).toBeDefined();
    const watched: string[] = [];
    for await (const u of ft.jobs.watch({ ids: [job.id], pollInterval: 10 }))
      if (u.type === 'status') watched.push(u.status);
    expect(watched).toContain('succeeded');
    expect((await ft.models.retrieve(done.fine_tuned_model!)).id).toBe(done.fine_tuned_model);
    expect((await ft.models.list()).data.map((m) => m.id)).toContain(done.fine_tuned_model);
    const grader = {
      type: 'string_check' as const,
      name: 'exact',
      input: '{{sample.output_text}}',
      reference: '{{item.answer}}',
      operation: 'eq' as const,
    };
    expect((await ft.graders.validate({ grader })).grader).toMatchObject({ name: 'exact' });
    const run = await ft.graders.run({ grader, model_sample: 'Paris', item: { answer: 'Paris' } });
    expect(run.reward).toBe(1);

    // Azure-only: delete the job (204), then it is gone.
    expect(await ft.jobs.delete(second.id)).toEqual({
      id: second.id,
      object: 'fine_tuning.job',
      deleted: true,
    });
    await expect(ft.jobs.retrieve(second.id)).rejects.toBeInstanceOf(NotFoundError);
    // Deleting a file twice: Azure answers 200 with deleted: false.
    expect((await ft.files.delete(big.id)).deleted).toBe(true);
    expect((await ft.files.delete(big.id)).deleted).toBe(false);

    // On the wire: the key as api-key only, and the shape's addressing on every request.
    expect(seen.length).toBeGreaterThan(15);
    for (const s of seen) {
      expect(s.headers['api-key']).toBe(server.azure!.apiKey);
      expect(s.headers.authorization).toBeUndefined();
      if (apiVersion) {
        expect(s.url.pathname).toMatch(/^\/openai\/(?!v1\/)/);
        expect(s.url.searchParams.get('api-version')).toBe(apiVersion);
      } else {
        expect(s.url.pathname).toMatch(/^\/openai\/v1\//);
        expect(s.url.searchParams.has('api-version')).toBe(false);
      }
    }
    expect(seen.some((s) => s.url.searchParams.has('after'))).toBe(true);
    expect(seen.some((s) => s.url.pathname.endsWith('/parts'))).toBe(true);
  });

  it('pauses a running job (pausing) and resumes it', async () => {
    const paused = await startLocalServer({ azure: true, clock: 'manual' });
    try {
      const ft = new AzureFineTuning({
        endpoint: paused.azure!.endpoint,
        apiKey: paused.azure!.apiKey,
        apiVersion,
      });
      const file = await ft.files.create({
        file: new File([TRAINING_JSONL], 't.jsonl'),
        purpose: 'fine-tune',
      });
      const job = await ft.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
      paused.advance(1_000);
      const pausing = await ft.jobs.pause(job.id);
      expect(pausing.status).toBe('pausing');
      expect((await ft.jobs.retrieve(job.id)).status).toBe('paused');
      expect((await ft.jobs.resume(job.id)).status).not.toBe('paused');
      expect((await ft.jobs.cancel(job.id)).status).toBe('cancelled');
      expect((await ft.jobs.delete(job.id)).deleted).toBe(true);
    } finally {
      await paused.close();
    }
  });
});

describe('Azure-only operations', () => {
  it('copies a checkpoint to another region and follows the copy', async () => {
    const { ft, seen } = client('2025-04-01-preview');
    const { job } = await trainedJob(ft);
    const [checkpoint] = (await ft.jobs.listCheckpoints(job.id)).data;
    const destinationResourceId =
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/east';
    const started = await ft.jobs.copyCheckpoint(job.id, checkpoint!.id, {
      destinationResourceId,
      region: 'eastus2',
    });
    expect(started.copiedAccountDetails[0]).toMatchObject({ destinationResourceId });
    const copy = await ft.jobs.waitForCopy(job.id, checkpoint!.id, { intervalMs: 5 });
    expect(copy.copiedAccountDetails[0]!.status).toBe('Completed');
    const copyRequests = seen.filter((s) => s.url.pathname.endsWith('/copy'));
    expect(copyRequests.length).toBeGreaterThan(1);
    for (const s of copyRequests) expect(s.headers['aoai-copy-ft-checkpoints']).toBe('preview');

    await ft.jobs.copyCheckpoint(job.id, checkpoint!.id, {
      destinationResourceId: `${destinationResourceId}-2`,
      region: 'invalid-region',
    });
    await expect(
      ft.jobs.waitForCopy(job.id, checkpoint!.id, {
        destinationResourceId: `${destinationResourceId}-2`,
        intervalMs: 5,
      }),
    ).rejects.toBeInstanceOf(CheckpointCopyFailedError);
  });

  it('deploys the fine-tuned model through ARM, waits, lists and deletes deployments', async () => {
    const { ft, seen } = client('2025-04-01-preview');
    const { done } = await trainedJob(ft);
    const created = await ft.deployments.create('my-ft', { model: done.fine_tuned_model! });
    expect(created.properties.model.name).toBe(done.fine_tuned_model);
    const ready = await ft.deployments.wait('my-ft', { intervalMs: 5 });
    expect(ready.properties.provisioningState).toBe('Succeeded');
    expect((await ft.deployments.list()).map((d) => d.name)).toContain('my-ft');
    await ft.deployments.delete('my-ft');
    expect((await ft.deployments.list()).map((d) => d.name)).not.toContain('my-ft');
    const arm = seen.filter((s) => s.url.pathname.startsWith('/subscriptions/'));
    expect(arm.length).toBeGreaterThan(3);
    for (const s of arm) {
      // The management token, never the data-plane key.
      expect(s.headers.authorization).toBe(`Bearer ${server.azure!.management.token}`);
      expect(s.headers['api-key']).toBeUndefined();
      expect(s.url.searchParams.get('api-version')).toBe('2024-10-01');
    }
    await ft.deployments.create('bad-sku', {
      model: done.fine_tuned_model!,
      sku: { name: 'invalid-sku' },
    });
    await expect(ft.deployments.wait('bad-sku', { intervalMs: 5 })).rejects.toBeInstanceOf(
      DeploymentFailedError,
    );
  });

  it('names the missing credential or role for deployments', async () => {
    const { ft } = client('2025-04-01-preview', { management: {} });
    expect(() => ft.deployments).toThrow(ConfigurationError);
    expect(() => ft.deployments).toThrow(/management\.subscriptionId.*management\.tokenProvider/s);

    const m = server.azure!.management;
    const reader = client('2025-04-01-preview', {
      management: { ...m, tokenProvider: () => m.readerToken },
    }).ft;
    const denied = await reader.deployments.create('x1', { model: 'ft:whatever' }).catch((e) => e);
    expect(denied).toBeInstanceOf(AzureManagementError);
    expect(denied).toMatchObject({ reason: 'role', status: 403, code: 'AuthorizationFailed' });
    expect(denied.message).toMatch(/Cognitive Services Contributor/);

    const wrong = client('2025-04-01-preview', {
      management: { ...m, tokenProvider: () => server.azure!.apiKey },
    }).ft;
    const refused = await wrong.deployments.list().catch((e) => e);
    expect(refused).toMatchObject({ reason: 'credential', status: 401 });
    expect(refused.message).toMatch(/management\.azure\.com\/\.default/);
    expect(refused.message).not.toContain(server.azure!.apiKey);
  });
});

describe('waiting on Azure', () => {
  it('gives up after timeoutMs with what it saw last, and refuses bad intervals', async () => {
    const manual = await startLocalServer({ azure: true, clock: 'manual' });
    try {
      const m = manual.azure!.management;
      const ft = new AzureFineTuning({
        endpoint: manual.azure!.endpoint,
        apiKey: manual.azure!.apiKey,
        management: { ...m, tokenProvider: () => m.token },
      });
      const file = await ft.files.create({
        file: new File([TRAINING_JSONL], 't.jsonl'),
        purpose: 'fine-tune',
      });
      const job = await ft.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
      manual.settle();
      const done = await ft.jobs.retrieve(job.id);
      await ft.deployments.create('slow', { model: done.fine_tuned_model! });
      // The manual clock stands still: the deployment stays Creating.
      const late = await ft.deployments
        .wait('slow', { intervalMs: 1, timeoutMs: 5 })
        .catch((e) => e);
      expect(late).toBeInstanceOf(AzureWaitTimeoutError);
      expect(late.last.properties.provisioningState).toBe('Creating');
      await expect(ft.deployments.wait('slow', { intervalMs: -1 })).rejects.toThrow(/intervalMs/);
      const [checkpoint] = (await ft.jobs.listCheckpoints(job.id)).data;
      await ft.jobs.copyCheckpoint(job.id, checkpoint!.id, {
        destinationResourceId:
          '/subscriptions/s/resourceGroups/g/providers/Microsoft.CognitiveServices/accounts/a',
        region: 'eastus2',
      });
      await expect(
        ft.jobs.waitForCopy(job.id, checkpoint!.id, { intervalMs: 1, timeoutMs: 5 }),
      ).rejects.toBeInstanceOf(AzureWaitTimeoutError);
      manual.advance(60_000);
      expect(
        (await ft.deployments.wait('slow', { intervalMs: 1 })).properties.provisioningState,
      ).toBe('Succeeded');
    } finally {
      await manual.close();
    }
  });
});

describe('AzureFineTuning options', () => {
  it('reads AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION', async () => {
    const env = { ...process.env };
    try {
      process.env.AZURE_OPENAI_ENDPOINT = server.azure!.endpoint;
      process.env.AZURE_OPENAI_API_KEY = server.azure!.apiKey;
      process.env.OPENAI_API_VERSION = '2024-10-21';
      const ft = new AzureFineTuning();
      expect(ft.azure).toEqual({
        endpoint: server.azure!.endpoint,
        api: 'dated',
        apiVersion: '2024-10-21',
        auth: 'api-key',
      });
      expect((await ft.jobs.list()).object).toBe('list');
    } finally {
      process.env = env;
    }
  });

  it('refuses apiKey together with azureADTokenProvider, and missing credentials or endpoint', () => {
    const endpoint = 'https://r.openai.azure.com';
    expect(
      () => new AzureFineTuning({ endpoint, apiKey: 'k', azureADTokenProvider: () => 't' }),
    ).toThrow(ConfigurationError);
    expect(
      () => new AzureFineTuning({ endpoint, apiKey: 'k', azureADTokenProvider: () => 't' }),
    ).toThrow(/mutually exclusive/);
    const env = { ...process.env };
    try {
      delete process.env.AZURE_OPENAI_API_KEY;
      delete process.env.AZURE_OPENAI_ENDPOINT;
      expect(() => new AzureFineTuning({ endpoint })).toThrow(/Missing credentials/);
      expect(() => new AzureFineTuning({ apiKey: 'k' })).toThrow(/AZURE_OPENAI_ENDPOINT/);
      expect(() => new AzureFineTuning({ apiKey: 'k', endpoint: 'ftp://x' })).toThrow(
        ConfigurationError,
      );
      expect(
        () => new AzureFineTuning({ apiKey: 'k', endpoint, baseUrl: 'https://x' } as never),
      ).toThrow(/does not take `baseUrl`/);
    } finally {
      process.env = env;
    }
  });

  it('takes an endpoint given with /openai or /openai/v1 as the resource', () => {
    for (const suffix of ['/', '/openai', '/openai/v1/'])
      expect(
        new AzureFineTuning({ endpoint: `https://r.openai.azure.com${suffix}`, apiKey: 'k' })
          .options.baseUrl,
      ).toBe('https://r.openai.azure.com/openai/v1');
  });

  it('never shows the key or the token provider in any rendering', () => {
    const key = 'azure-key-0123456789abcdef';
    const a = new AzureFineTuning({ endpoint: 'https://r.openai.azure.com', apiKey: key });
    const b = new AzureFineTuning({
      endpoint: 'https://r.openai.azure.com',
      azureADTokenProvider: () => 'eyJ.secret.token',
      headers: { 'api-key': key },
    });
    for (const ft of [a, b])
      for (const text of [inspect(ft, { depth: 10 }), JSON.stringify(ft), String(ft)]) {
        expect(text).not.toContain(key);
        expect(text).not.toContain('secret.token');
      }
  });

  it('keeps the key out of an error that echoes it', async () => {
    const key = 'azure-key-echo-0123456789';
    const ft = new AzureFineTuning({
      endpoint: 'https://r.openai.azure.com',
      apiKey: key,
      apiVersion: '2024-10-21',
      maxRetries: 0,
      fetch: async (_u, init) =>
        new Response(
          JSON.stringify({
            error: {
              code: '401',
              message: `bad key ${(init!.headers as Record<string, string>)['api-key']}`,
            },
          }),
          { status: 401, headers: { 'content-type': 'application/json' } },
        ),
    });
    const error = await ft.jobs.list().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: '401' });
    expect(inspect(error, { depth: 10 })).not.toContain(key);
  });
});
