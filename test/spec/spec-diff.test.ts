// Hand-made spec pairs: each kind of change, and whether it breaks a client.
import { describe, expect, it } from 'vitest';
import { buildReport, formatMarkdown, formatText } from '../../scripts/lib/change-report.ts';
import { diffSpecs } from '../../scripts/lib/spec-diff.ts';

type Node = Record<string, any>;

const json = (ref: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});

/** A small trimmed-style spec: list (response Things), create (request CreateThing, response Thing). */
function base(): Node {
  return {
    openapi: '3.1.0',
    info: { title: 'things', version: '1' },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [
            {
              in: 'query',
              name: 'limit',
              required: false,
              schema: { type: 'integer', default: 20 },
            },
            {
              in: 'query',
              name: 'order',
              required: false,
              schema: { type: 'string', enum: ['asc', 'desc'] },
            },
          ],
          responses: { '200': { description: 'ok', ...json('ThingList') } },
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, ...json('CreateThing') },
          responses: { '200': { description: 'ok', ...json('Thing') } },
        },
      },
      '/things/{id}': {
        delete: {
          operationId: 'deleteThing',
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'status', 'settings'],
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: ['queued', 'done'] },
            note: { type: 'string' },
            settings: { $ref: '#/components/schemas/Settings' },
          },
        },
        ThingList: {
          type: 'object',
          properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
        },
        CreateThing: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            mode: { type: 'string', enum: ['fast', 'slow'] },
            size: { type: 'integer' },
            settings: { $ref: '#/components/schemas/Settings' },
          },
        },
        // Sent by createThing and returned by every operation that returns a Thing.
        Settings: { type: 'object', properties: { level: { type: 'integer' } } },
      },
    },
  };
}

/** Applies `prepare` to both sides and `mutate` to the new one; returns `verdict kind where` lines. */
function changes(
  mutate: (doc: Node) => unknown,
  prepare: (doc: Node) => unknown = () => undefined,
): string[] {
  const before = base();
  prepare(before);
  const after = base();
  prepare(after);
  mutate(after);
  return diffSpecs(before, after).changes.map((c) => `${c.verdict} ${c.kind} ${c.where}`);
}

const schemas = (doc: Node) => doc.components.schemas as Node;

describe('spec diff: operations', () => {
  it('a removed operation is breaking', () => {
    expect(changes((d) => delete d.paths['/things/{id}'])).toEqual([
      'breaking operation-removed DELETE /things/{id}',
    ]);
  });
  it('an added operation is compatible', () => {
    expect(
      changes(
        (d) =>
          (d.paths['/things/{id}'].get = {
            operationId: 'getThing',
            responses: { '200': { description: 'ok', ...json('Thing') } },
          }),
      ),
    ).toEqual(['compatible operation-added GET /things/{id}']);
  });
  it('a newly deprecated operation is compatible, and noted', () => {
    expect(changes((d) => (d.paths['/things/{id}'].delete.deprecated = true))).toEqual([
      'compatible operation-deprecated DELETE /things/{id}',
    ]);
  });
});

describe('spec diff: parameters', () => {
  const params = (d: Node) => d.paths['/things'].get.parameters as Node[];
  it.each([
    [
      'a new required parameter is breaking',
      (d: Node) =>
        params(d).push({ in: 'query', name: 'after', required: true, schema: { type: 'string' } }),
      'breaking parameter-added GET /things query after',
    ],
    [
      'a new optional parameter is compatible',
      (d: Node) => params(d).push({ in: 'query', name: 'after', schema: { type: 'string' } }),
      'compatible parameter-added GET /things query after',
    ],
    [
      'a removed parameter is breaking',
      (d: Node) => params(d).splice(0, 1),
      'breaking parameter-removed GET /things query limit',
    ],
    [
      'a parameter that becomes required is breaking',
      (d: Node) => (params(d)[0]!.required = true),
      'breaking required-added GET /things query limit',
    ],
    [
      'a parameter that stops being required is compatible',
      (d: Node) => (d.paths['/things/{id}'].delete.parameters[0].required = false),
      'compatible required-removed DELETE /things/{id} path id',
    ],
    [
      'a parameter whose type changes is breaking',
      (d: Node) => (params(d)[0]!.schema.type = 'string'),
      'breaking type-changed GET /things query limit',
    ],
    [
      'a parameter whose type widens is compatible',
      (d: Node) => (params(d)[0]!.schema.type = ['integer', 'string']),
      'compatible type-changed GET /things query limit',
    ],
    [
      'a new enum value of a parameter is compatible',
      (d: Node) => params(d)[1]!.schema.enum.push('random'),
      'compatible enum-value-added GET /things query order',
    ],
    [
      'a removed enum value of a parameter is breaking',
      (d: Node) => params(d)[1]!.schema.enum.pop(),
      'breaking enum-value-removed GET /things query order',
    ],
    [
      'a changed default is compatible, and noted',
      (d: Node) => (params(d)[0]!.schema.default = 100),
      'compatible default-changed GET /things query limit',
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(changes(mutate)).toEqual([expected]);
  });
});

describe('spec diff: schema properties', () => {
  it.each([
    [
      'a new required request property is breaking',
      (d: Node) => {
        schemas(d).CreateThing.properties.owner = { type: 'string' };
        schemas(d).CreateThing.required.push('owner');
      },
      'breaking property-added schema CreateThing.owner',
    ],
    [
      'a new optional request property is compatible',
      (d: Node) => (schemas(d).CreateThing.properties.owner = { type: 'string' }),
      'compatible property-added schema CreateThing.owner',
    ],
    [
      'a new response property is compatible',
      (d: Node) => (schemas(d).Thing.properties.owner = { type: 'string' }),
      'compatible property-added schema Thing.owner',
    ],
    [
      'a removed response property is breaking',
      (d: Node) => delete schemas(d).Thing.properties.note,
      'breaking property-removed schema Thing.note',
    ],
    [
      'a removed request property is breaking',
      (d: Node) => delete schemas(d).CreateThing.properties.size,
      'breaking property-removed schema CreateThing.size',
    ],
    [
      'a new enum value in a response is compatible, and noted',
      (d: Node) => schemas(d).Thing.properties.status.enum.push('failed'),
      'compatible enum-value-added schema Thing.status',
    ],
    [
      'a removed enum value in a response is compatible',
      (d: Node) => schemas(d).Thing.properties.status.enum.pop(),
      'compatible enum-value-removed schema Thing.status',
    ],
    [
      'a removed enum value in a request is breaking',
      (d: Node) => schemas(d).CreateThing.properties.mode.enum.pop(),
      'breaking enum-value-removed schema CreateThing.mode',
    ],
    [
      'a new enum value in a request is compatible',
      (d: Node) => schemas(d).CreateThing.properties.mode.enum.push('auto'),
      'compatible enum-value-added schema CreateThing.mode',
    ],
    [
      'a response enum that becomes any string is breaking',
      (d: Node) => delete schemas(d).Thing.properties.status.enum,
      'breaking type-changed schema Thing.status',
    ],
    [
      'a request string that becomes an enum is breaking',
      (d: Node) => (schemas(d).CreateThing.properties.name.enum = ['a', 'b']),
      'breaking type-changed schema CreateThing.name',
    ],
    [
      'a response string that becomes an enum is compatible',
      (d: Node) => (schemas(d).Thing.properties.note.enum = ['a']),
      'compatible type-changed schema Thing.note',
    ],
    [
      'a response type that widens is breaking',
      (d: Node) => (schemas(d).Thing.properties.note.type = ['string', 'integer']),
      'breaking type-changed schema Thing.note',
    ],
    [
      'a request type that widens is compatible',
      (d: Node) => (schemas(d).CreateThing.properties.size.type = ['integer', 'string']),
      'compatible type-changed schema CreateThing.size',
    ],
    [
      'a request type that is replaced is breaking',
      (d: Node) => (schemas(d).CreateThing.properties.size.type = 'string'),
      'breaking type-changed schema CreateThing.size',
    ],
    [
      'a response property that is no longer required is breaking',
      (d: Node) => (schemas(d).Thing.required = ['id', 'settings']),
      'breaking required-removed schema Thing.status',
    ],
    [
      'a response property that becomes required is compatible',
      (d: Node) => schemas(d).Thing.required.push('note'),
      'compatible required-added schema Thing.note',
    ],
    [
      'a request property that becomes required is breaking',
      (d: Node) => schemas(d).CreateThing.required.push('size'),
      'breaking required-added schema CreateThing.size',
    ],
    [
      'a request property that is no longer required is compatible',
      (d: Node) => (schemas(d).CreateThing.required = []),
      'compatible required-removed schema CreateThing.name',
    ],
    [
      'a response property that may now be null is breaking',
      (d: Node) => (schemas(d).Thing.properties.note.type = ['string', 'null']),
      'breaking nullable-added schema Thing.note',
    ],
    [
      'a request property that may now be null is compatible',
      (d: Node) =>
        (schemas(d).CreateThing.properties.size = {
          anyOf: [{ type: 'integer' }, { type: 'null' }],
        }),
      'compatible nullable-added schema CreateThing.size',
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(changes(mutate)).toEqual([expected]);
  });

  it('a response type that narrows is compatible', () => {
    const wide = (d: Node) => (schemas(d).Thing.properties.note.type = ['string', 'integer']);
    expect(changes((d) => (schemas(d).Thing.properties.note.type = 'string'), wide)).toEqual([
      'compatible type-changed schema Thing.note',
    ]);
  });
  it('a response property that may no longer be null is compatible; a request one is breaking', () => {
    const nullable = (d: Node) => {
      schemas(d).Thing.properties.note.type = ['string', 'null'];
      schemas(d).CreateThing.properties.size.type = ['integer', 'null'];
    };
    const strict = (d: Node) => {
      schemas(d).Thing.properties.note.type = 'string';
      schemas(d).CreateThing.properties.size.type = 'integer';
    };
    expect(changes(strict, nullable)).toEqual([
      'compatible nullable-removed schema Thing.note',
      'breaking nullable-removed schema CreateThing.size',
    ]);
  });
  it('a removed schema is breaking: its generated type goes away', () => {
    expect(
      changes(
        (d) => {
          schemas(d).Thing.properties.note = { $ref: '#/components/schemas/Note' };
        },
        (d) => (schemas(d).Note = { type: 'string' }),
      ),
    ).toEqual([]);
    const withNote = (d: Node) => {
      schemas(d).Note = { type: 'string' };
      schemas(d).Thing.properties.note = { $ref: '#/components/schemas/Note' };
    };
    expect(
      changes((d) => {
        delete schemas(d).Note;
        schemas(d).Thing.properties.note = { type: 'string' };
      }, withNote),
    ).toEqual(['breaking schema-removed schema Note']);
  });
});

describe('spec diff: same contract, other spelling', () => {
  it('3.0-style nullable types and 3.1 anyOf-with-null are the same', () => {
    const typeArray = (d: Node) =>
      (schemas(d).Thing.properties.note = { type: ['string', 'null'] });
    expect(
      changes(
        (d) =>
          (schemas(d).Thing.properties.note = { anyOf: [{ type: 'string' }, { type: 'null' }] }),
        typeArray,
      ),
    ).toEqual([]);
  });
  it('an inline schema moved into a named one is no change', () => {
    expect(
      changes((d) => {
        schemas(d).Mode = { type: 'string', enum: ['fast', 'slow'] };
        schemas(d).CreateThing.properties.mode = { $ref: '#/components/schemas/Mode' };
      }),
    ).toEqual(['compatible schema-added schema Mode']);
  });
  it('a change inside an extracted schema is still found', () => {
    expect(
      changes((d) => {
        schemas(d).Mode = { type: 'string', enum: ['fast'] };
        schemas(d).CreateThing.properties.mode = { $ref: '#/components/schemas/Mode' };
      }),
    ).toEqual([
      'breaking enum-value-removed schema CreateThing.mode',
      'compatible schema-added schema Mode',
    ]);
  });
  it('descriptions and examples are not changes', () => {
    expect(changes((d) => (schemas(d).Thing.properties.note.description = 'A note.'))).toEqual([]);
  });
});

describe('spec diff: bodies and responses', () => {
  it('a request body that becomes optional is compatible; one that appears required is breaking', () => {
    expect(changes((d) => (d.paths['/things'].post.requestBody.required = false))).toEqual([
      'compatible required-removed POST /things body',
    ]);
    expect(
      changes(
        (d) =>
          (d.paths['/things/{id}'].delete.requestBody = { required: true, ...json('CreateThing') }),
      ),
    ).toEqual(['breaking request-body-added DELETE /things/{id} body']);
  });
  it('a removed response is breaking', () => {
    expect(
      changes(
        (d) => (d.paths['/things/{id}'].delete.responses = { '204': { description: 'gone' } }),
      ),
    ).toEqual([
      'compatible response-added DELETE /things/{id} response 204',
      'breaking response-removed DELETE /things/{id} response 200',
    ]);
  });
  it('a removed media type is breaking', () => {
    expect(
      changes(
        (d) =>
          (d.paths['/things'].post.requestBody.content = {
            'multipart/form-data': d.paths['/things'].post.requestBody.content['application/json'],
          }),
      ),
    ).toEqual([
      'compatible content-type-added POST /things body multipart/form-data',
      'breaking content-type-removed POST /things body application/json',
    ]);
  });
});

describe('spec diff: a schema sent and returned', () => {
  it('a new required field breaks the operation that sends it, not the ones that return it', () => {
    const after = base();
    schemas(after).Settings.properties.region = { type: 'string' };
    schemas(after).Settings.required = ['region'];
    const [change, ...rest] = diffSpecs(base(), after).changes;
    expect(rest).toEqual([]);
    expect(change).toMatchObject({
      kind: 'property-added',
      verdict: 'breaking',
      where: 'schema Settings.region',
    });
    expect(change!.operations).toEqual(['createThing', 'listThings']);
    expect(change!.byOperation).toEqual({ createThing: 'breaking', listThings: 'compatible' });
  });
});

describe('change report', () => {
  const methods = [
    { name: 'things.list', operation: 'listThings', file: 'src/resources/things.ts' },
    { name: 'things.create', operation: 'createThing', file: 'src/resources/things.ts' },
  ];
  const after = () => {
    const d = base();
    schemas(d).Settings.properties.region = { type: 'string' };
    schemas(d).Settings.required = ['region'];
    d.paths['/things/{id}'].get = {
      operationId: 'getThing',
      responses: { '200': { description: 'ok', ...json('Thing') } },
    };
    return d;
  };

  it('names the facade methods affected and the operations it does not expose', () => {
    const report = buildReport(base(), after(), { from: 'old.yaml', to: 'new.yaml' }, methods);
    expect(report.summary).toEqual({ breaking: 1, compatible: 1 });
    expect(report.facade.affected).toEqual([
      { method: 'things.create', operation: 'createThing', breaking: 1, compatible: 0 },
      { method: 'things.list', operation: 'listThings', breaking: 0, compatible: 1 },
    ]);
    expect(report.facade.notExposed).toEqual([
      { operation: 'getThing', where: 'GET /things/{id}', isNew: true },
      { operation: 'deleteThing', where: 'DELETE /things/{id}', isNew: false },
    ]);
  });

  it('prints one line per change, and the same as Markdown', () => {
    const report = buildReport(base(), after(), { from: 'old.yaml', to: 'new.yaml' }, methods);
    const text = formatText(report);
    expect(text).toContain(
      'Fine-tuning surface: old.yaml → new.yaml\n1 breaking, 1 compatible change(s)',
    );
    expect(text).toContain(
      '  BREAKING    schema Settings.region: required property added (string)',
    );
    expect(text).toContain('  compatible  GET /things/{id}: operation added (getThing)');
    expect(text).toContain('  ft.things.create (createThing): 1 breaking, 0 compatible');
    expect(text).toContain('  getThing (GET /things/{id}), new in this change');
    const md = formatMarkdown(report);
    expect(md).toContain('## OpenAI spec update: old.yaml → new.yaml');
    expect(md).toContain(
      '| **breaking** | `schema Settings.region` | required property added (string) (breaks createThing; compatible for the others) |',
    );
  });

  it('labels a spec by its upstream commit when it has one', () => {
    const before = base();
    before.info['x-upstream'] = { commit: 'abc1234', date: '2025-01-02' };
    expect(buildReport(before, base(), { from: 'a', to: 'b' }, []).from.label).toBe(
      'abc1234 (2025-01-02)',
    );
  });
});
