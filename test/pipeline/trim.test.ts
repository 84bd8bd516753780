// scripts/trim-spec.ts: what the trimmed spec keeps, how it normalises, and how it fails.
import { readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parse } from 'yaml';
import type { CreateFineTuningJobRequest } from '../../generated/types.gen.ts';
import { normalizeTo31 } from '../../scripts/lib/normalize.ts';
import { readPinned, TRIMMED_SPEC } from '../../scripts/lib/project.ts';
import { parseOpenApi, readSpecSource } from '../../scripts/lib/source.ts';
import { REQUIRED_PATHS, trimSpec } from '../../scripts/lib/trim.ts';
import { trimToText } from '../../scripts/trim-spec.ts';

const OLDER = new URL(
  '../fixtures/upstream/openai-openapi.2025-04-29.498c71d.yaml.gz',
  import.meta.url,
).pathname;

type Doc = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, { operationId: string; security?: unknown }>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, unknown> };
};

const text = await trimToText();
const doc = parse(text) as Doc;
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method, ...op })),
);

const hasKey = (node: unknown, test: (key: string, value: unknown) => boolean): boolean =>
  Array.isArray(node)
    ? node.some((n) => hasKey(n, test))
    : !!node &&
      typeof node === 'object' &&
      Object.entries(node).some(([k, v]) => test(k, v) || hasKey(v, test));

describe('the trimmed spec from the pinned upstream', () => {
  it('is byte-identical on every run and equal to the committed file', async () => {
    expect(await trimToText()).toBe(text);
    expect(await readFile(TRIMMED_SPEC, 'utf8')).toBe(text);
  });

  it('keeps the 37 fine-tuning, files, uploads, models and evals operations, nothing else', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual([
      'addUploadPart',
      'cancelEvalRun',
      'cancelFineTuningJob',
      'cancelUpload',
      'completeUpload',
      'createEval',
      'createEvalRun',
      'createFile',
      'createFineTuningCheckpointPermission',
      'createFineTuningJob',
      'createUpload',
      'deleteEval',
      'deleteEvalRun',
      'deleteFile',
      'deleteFineTuningCheckpointPermission',
      'deleteModel',
      'downloadFile',
      'getEval',
      'getEvalRun',
      'getEvalRunOutputItem',
      'getEvalRunOutputItems',
      'getEvalRuns',
      'listEvals',
      'listFiles',
      'listFineTuningCheckpointPermissions',
      'listFineTuningEvents',
      'listFineTuningJobCheckpoints',
      'listModels',
      'listPaginatedFineTuningJobs',
      'pauseFineTuningJob',
      'resumeFineTuningJob',
      'retrieveFile',
      'retrieveFineTuningJob',
      'retrieveModel',
      'runGrader',
      'updateEval',
      'validateGrader',
    ]);
  });

  it('keeps exactly the 159 schemas the operations and webhooks reference, transitively', () => {
    expect(Object.keys(doc.components.schemas)).toHaveLength(159);
    const refs = new Set<string>();
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object')
        for (const [k, v] of Object.entries(n)) k === '$ref' ? refs.add(v as string) : walk(v);
    };
    walk(doc);
    const schemaRefs = [...refs].filter((ref) => ref.startsWith('#/components/schemas/'));
    for (const ref of schemaRefs)
      expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    expect(schemaRefs.length).toBe(159);
  });

  it('keeps the three fine-tuning and the three eval run webhook events and no other', () => {
    expect(Object.keys((doc as unknown as { webhooks: Record<string, unknown> }).webhooks)).toEqual(
      [
        'eval_run_canceled',
        'eval_run_failed',
        'eval_run_succeeded',
        'fine_tuning_job_cancelled',
        'fine_tuning_job_failed',
        'fine_tuning_job_succeeded',
      ],
    );
  });

  it('records the upstream provenance, servers and both security schemes', async () => {
    const pinned = await readPinned();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info['x-upstream']).toEqual({
      repository: 'https://github.com/openai/openai-openapi',
      path: 'openapi.yaml',
      commit: 'f85dbe2',
      date: '2026-08-21',
      sha256: pinned.sha256,
      source: `openapi/upstream/${pinned.file}`,
    });
    expect((parse(text) as { servers: unknown }).servers).toEqual([
      { url: 'https://api.openai.com/v1' },
    ]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'AdminApiKeyAuth',
      'ApiKeyAuth',
    ]);
  });

  it('marks exactly the checkpoint-permission operations as needing the admin key', () => {
    const admin = operations.filter((o) =>
      JSON.stringify(o.security ?? null).includes('AdminApiKeyAuth'),
    );
    expect(admin.map((o) => o.operationId).sort()).toEqual([
      'createFineTuningCheckpointPermission',
      'deleteFineTuningCheckpointPermission',
      'listFineTuningCheckpointPermissions',
    ]);
    expect(operations.filter((o) => o.security && !admin.includes(o))).toEqual([]);
  });

  it('leaves no OpenAPI 3.0 leftovers: nullable fields are typed with null again', () => {
    expect(hasKey(doc, (k) => k === 'nullable')).toBe(false);
    expect(
      hasKey(
        doc,
        (k, v) => (k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'boolean',
      ),
    ).toBe(false);
    const request = doc.components.schemas.CreateFineTuningJobRequest.properties;
    for (const field of ['suffix', 'validation_file', 'seed', 'integrations']) {
      expect(JSON.stringify(request[field]), field).toMatch(/"null"/);
    }
    expectTypeOf<CreateFineTuningJobRequest['suffix']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<CreateFineTuningJobRequest['seed']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<null>().toExtend<NonNullable<CreateFineTuningJobRequest['integrations']> | null>();
  });

  it('drops the documentation-only x-oaiMeta blocks', () => {
    expect(hasKey(doc, (k) => k === 'x-oaiMeta')).toBe(false);
  });
});

describe('the older upstream (OpenAPI 3.0.0, 2025-04-29)', () => {
  it('trims without error into 3.1 form, without pause, resume or graders', async () => {
    const older = parse(await trimToText(OLDER)) as Doc;
    expect(older.openapi).toBe('3.1.0');
    const ids = Object.values(older.paths).flatMap((item) =>
      Object.values(item).map((o) => o.operationId),
    );
    // 21 fine-tuning, files, uploads and models operations, and the 12 of the Evals API.
    expect(ids).toHaveLength(33);
    expect(ids).not.toContain('pauseFineTuningJob');
    expect(ids).not.toContain('runGrader');
    expect(hasKey(older, (k) => k === 'nullable')).toBe(false);
    expect((older as unknown as { webhooks?: unknown }).webhooks).toBeUndefined();
    expect((older.info['x-upstream'] as { commit: string }).commit).toBe('unknown');
  });
});

describe('bad inputs', () => {
  const provenance = {
    repository: 'r',
    path: 'p',
    commit: 'c',
    date: 'd',
    sha256: 's',
    source: 'x',
  };

  it('rejects a document that is not OpenAPI, naming the missing field', () => {
    expect(() => parseOpenApi('{"swagger": "2.0", "paths": {}}', 'old.json')).toThrow(
      'old.json is not an OpenAPI 3.0/3.1 document: the top-level `openapi` version field is missing',
    );
    expect(() => parseOpenApi('- a\n- b\n', 'list.yaml')).toThrow(/expected a mapping/);
    expect(() => parseOpenApi('openapi: 3.1.0\n', 'nopaths.yaml')).toThrow(
      /`paths` object is missing/,
    );
    expect(() => parseOpenApi('a: [', 'broken.yaml')).toThrow(
      /broken.yaml is not valid YAML or JSON/,
    );
  });

  it('rejects an upstream that lacks a kept path, naming it', () => {
    const upstream = { openapi: '3.1.0', paths: { '/files': {}, '/files/{file_id}': {} } };
    expect(() => trimSpec(upstream, { provenance })).toThrow(
      /lacks paths the SDK needs: \/files\/\{file_id\}\/content, \/fine_tuning\/jobs,/,
    );
  });

  it('rejects a reference to a component that does not exist', () => {
    const paths = Object.fromEntries(
      REQUIRED_PATHS.map((p) => [
        p,
        {
          get: {
            operationId: p,
            responses: {
              '200': {
                content: {
                  'application/json': { schema: { $ref: '#/components/schemas/Missing' } },
                },
              },
            },
          },
        },
      ]),
    );
    expect(() => trimSpec({ openapi: '3.1.0', paths }, { provenance })).toThrow(
      'the upstream spec references #/components/schemas/Missing but does not define it',
    );
  });

  it('reads gzip and plain files alike and reports unreadable ones', async () => {
    const pinned = await readPinned();
    const source = await readSpecSource(pinned.location);
    expect(source.sha256).toBe(pinned.sha256);
    await expect(readSpecSource('/no/such/spec.yaml')).rejects.toThrow(
      /Could not read \/no\/such\/spec.yaml/,
    );
  });
});

describe('normalizeTo31', () => {
  const norm = (schema: unknown) =>
    (normalizeTo31({ openapi: '3.0.0', schema }) as { schema: unknown }).schema;

  it('adds null to a type and to an enum', () => {
    expect(norm({ type: 'string', enum: ['a'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
  });
  it('wraps a nullable $ref in anyOf, keeping annotations beside it', () => {
    expect(norm({ $ref: '#/x', description: 'd', nullable: true })).toEqual({
      description: 'd',
      anyOf: [{ $ref: '#/x' }, { type: 'null' }],
    });
  });
  it('adds null to an existing union once', () => {
    expect(norm({ oneOf: [{ type: 'string' }], nullable: true })).toEqual({
      oneOf: [{ type: 'string' }, { type: 'null' }],
    });
    expect(norm({ anyOf: [{ type: 'null' }], nullable: true })).toEqual({
      anyOf: [{ type: 'null' }],
    });
  });
  it('drops nullable on a schema without a type (it admits null already)', () => {
    expect(norm({ description: 'any', nullable: true })).toEqual({ description: 'any' });
  });
  it('turns boolean exclusive bounds into numbers and drops false ones', () => {
    expect(
      norm({
        type: 'number',
        minimum: 0,
        exclusiveMinimum: true,
        maximum: 2,
        exclusiveMaximum: false,
      }),
    ).toEqual({ type: 'number', exclusiveMinimum: 0, maximum: 2 });
  });
  it('leaves a property that is named nullable alone', () => {
    expect(norm({ type: 'object', properties: { nullable: { type: 'boolean' } } })).toEqual({
      type: 'object',
      properties: { nullable: { type: 'boolean' } },
    });
  });
});
