// Reads openapi/fine-tuning.yaml once and turns each operation into a route with compiled
// validators. The validation itself is Ajv's (JSON Schema 2020-12, the dialect of OpenAPI 3.1):
// this file only decides which part of the request each schema applies to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { specDir } from './spec-file.ts';

const SPEC_ID = 'fine-tuning.json';

type Schema = Record<string, unknown>;

export interface Operation {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. `/files/{file_id}`. */
  path: string;
  pattern: RegExp;
  pathParams: string[];
  admin: boolean;
  /** Query parameters sent as `name[key]=value` (OpenAPI `style: deepObject`). */
  deepObjectParams: string[];
  // Validators are compiled on first use: compiling all of them up front costs seconds.
  validatePath(): ValidateFunction;
  validateQuery(): ValidateFunction;
  body?: { contentType: string; required: boolean; validate(): ValidateFunction };
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  schema?: Schema;
}

// The spec's refs point into its own document; the validators know the components as one schema,
// under the spec's own id (so two specs' `OpenAIFile` stay apart).
const overlappingMessages = (union: unknown) =>
  Array.isArray(union) &&
  union.map((b) => (b as { $ref?: string }).$ref).join() ===
    '#/components/schemas/EasyInputMessage,#/components/schemas/EvalItem';

function rewriteRefs(value: unknown, id = SPEC_ID): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, id));
  if (value && typeof value === 'object') {
    const out: Schema = {};
    for (const [k, v] of Object.entries(value)) {
      // An eval template's message is `oneOf: [EasyInputMessage, EvalItem]`, and a plain
      // `{ role, content }` is both: the API takes it, so the server reads the union as `anyOf`.
      if (k === 'oneOf' && overlappingMessages(v)) {
        out.anyOf = rewriteRefs(v, id);
        continue;
      }
      out[k] =
        k === '$ref' && typeof v === 'string'
          ? v.replace('#/components/schemas/', `${id}#/$defs/`)
          : rewriteRefs(v, id);
    }
    return out;
  }
  return value;
}

function newAjv(coerceTypes: boolean): Ajv2020 {
  // strict: false because the spec carries vendor annotations (`x-stainless-const`, `example`)
  // that are not JSON Schema keywords; they must be ignored, not rejected.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    coerceTypes,
    useDefaults: false,
    inlineRefs: false,
  });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  ajv.addFormat('unixtime', true);
  ajv.addFormat('binary', true);
  ajv.addFormat('int64', true);
  return ajv;
}

function objectSchema(params: Parameter[], id: string): Schema {
  const properties: Record<string, unknown> = {};
  for (const p of params) properties[p.name] = rewriteRefs(p.schema ?? {}, id);
  return {
    type: 'object',
    properties,
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export interface Spec {
  operations: Operation[];
  /** A component schema's validator by name, e.g. `GraderStringCheck`. */
  def(name: string): ValidateFunction | undefined;
  /** The raw document. */
  document: Schema;
  /** The validator of an operation's 200 response body (compiled on first use; for conformance tests). */
  response(operationId: string): ValidateFunction;
}

const cache = new Map<string, Spec>();

/** `file` is a sibling of openapi/fine-tuning.yaml, e.g. `legacy-fine-tunes.yaml`. */
export function loadSpec(file = 'fine-tuning.yaml'): Spec {
  const cached = cache.get(file);
  if (cached) return cached;
  const id = file.replace(/\.yaml$/, '.json');
  const document = parse(readFileSync(join(specDir(), file), 'utf8')) as Schema;
  const components = document.components as { schemas: Schema };
  const defs = { $id: id, $defs: rewriteRefs(components.schemas, id) };
  const strictAjv = newAjv(false);
  const coercingAjv = newAjv(true);
  strictAjv.addSchema(defs);
  coercingAjv.addSchema(defs);

  const operations: Operation[] = [];
  const paths = document.paths as Record<string, Record<string, Schema>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = (op.parameters ?? []) as Parameter[];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const security = (op.security ?? document.security) as Array<Record<string, unknown>>;
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
      const operation: Operation = {
        operationId: op.operationId as string,
        method: method.toUpperCase(),
        path,
        pattern,
        pathParams: pathParams.map((p) => p.name),
        admin: security.some((s) => 'AdminApiKeyAuth' in s),
        deepObjectParams: queryParams.filter((p) => p.style === 'deepObject').map((p) => p.name),
        validatePath: lazy(() => coercingAjv.compile(objectSchema(pathParams, id))),
        validateQuery: lazy(() => coercingAjv.compile(objectSchema(queryParams, id))),
      };
      const requestBody = op.requestBody as
        | { required?: boolean; content: Record<string, { schema: Schema }> }
        | undefined;
      if (requestBody) {
        const [contentType, media] = Object.entries(requestBody.content)[0]!;
        // Multipart fields arrive as strings, so they are coerced to the schema's types first.
        const ajv = contentType === 'multipart/form-data' ? coercingAjv : strictAjv;
        operation.body = {
          contentType,
          required: requestBody.required ?? false,
          validate: lazy(() => ajv.compile(rewriteRefs(media.schema, id) as Schema)),
        };
      }
      operations.push(operation);
    }
  }
  const responses = new Map<string, ValidateFunction>();
  const response = (operationId: string): ValidateFunction => {
    let validate = responses.get(operationId);
    if (!validate) {
      const op = operations.find((o) => o.operationId === operationId);
      const raw =
        op &&
        (
          paths[op.path]![op.method.toLowerCase()]!.responses as Record<
            string,
            { content: Record<string, { schema: Schema }> }
          >
        )['200'];
      if (!raw) throw new Error(`No operation ${operationId} with a 200 response in the spec.`);
      validate = strictAjv.compile(
        rewriteRefs(Object.values(raw.content)[0]!.schema, id) as Schema,
      );
      responses.set(operationId, validate);
    }
    return validate;
  };
  const spec: Spec = {
    operations,
    document,
    response,
    def: (name) => strictAjv.getSchema(`${id}#/$defs/${name}`),
  };
  cache.set(file, spec);
  return spec;
}
