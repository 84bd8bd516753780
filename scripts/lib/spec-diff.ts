// Compares two trimmed specs and lists what changed for a client of the fine-tuning surface, each
// change marked breaking or compatible.
//
// Whether a schema change breaks a client depends on which way the data flows: a new required field
// breaks code that sends the schema, a removed field breaks code that reads it. So every named schema
// is first classified as request-side, response-side or both (by walking each operation's parameters
// and body, and its responses, through `$ref`s), and each change gets the verdict of its side; a
// schema on both sides gets the worse one.

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export type Verdict = 'breaking' | 'compatible';
export type Side = 'request' | 'response' | 'both';

export type ChangeKind =
  | 'operation-added'
  | 'operation-removed'
  | 'operation-deprecated'
  | 'operation-undeprecated'
  | 'parameter-added'
  | 'parameter-removed'
  | 'request-body-added'
  | 'request-body-removed'
  | 'content-type-added'
  | 'content-type-removed'
  | 'response-added'
  | 'response-removed'
  | 'schema-added'
  | 'schema-removed'
  | 'property-added'
  | 'property-removed'
  | 'type-changed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'required-added'
  | 'required-removed'
  | 'nullable-added'
  | 'nullable-removed'
  | 'default-changed'
  | 'format-changed';

export interface Change {
  kind: ChangeKind;
  verdict: Verdict;
  /** Where: `POST /fine_tuning/jobs`, `POST /fine_tuning/jobs query limit`, `schema FineTuningJob.status`. */
  where: string;
  /** One line a person reads. */
  message: string;
  /** The named schema the change is in, if any. */
  schema?: string;
  /** Operation ids the change reaches (directly or through schemas). */
  operations: string[];
  /**
   * The verdict for each of `operations`, when it differs between them: a new required field of a
   * schema used both ways breaks the operation that sends it, not the ones that only return it.
   */
  byOperation?: Record<string, Verdict>;
}

export interface OperationInfo {
  id: string;
  method: string;
  path: string;
  deprecated: boolean;
}

export interface SpecDiff {
  changes: Change[];
  /** Operations of the new spec, for mapping onto the facade. */
  operations: OperationInfo[];
  added: string[];
  removed: string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');

function operationsOf(doc: Node): Map<string, { info: OperationInfo; op: Node }> {
  const out = new Map<string, { info: OperationInfo; op: Node }>();
  const paths = isNode(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isNode(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isNode(op)) continue;
      const id = typeof op.operationId === 'string' ? op.operationId : `${method} ${path}`;
      out.set(`${method.toUpperCase()} ${path}`, {
        info: { id, method: method.toUpperCase(), path, deprecated: op.deprecated === true },
        op: { ...op, parameters: [...asArray(item.parameters), ...asArray(op.parameters)] },
      });
    }
  }
  return out;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function schemasOf(doc: Node): Node {
  const components = isNode(doc.components) ? doc.components : {};
  return isNode(components.schemas) ? components.schemas : {};
}

/** Resolves `#/components/parameters/...` and similar non-schema refs in one step. */
function deref(doc: Node, node: unknown): unknown {
  if (!isNode(node) || typeof node.$ref !== 'string' || node.$ref.startsWith('#/components/schemas/')) return node;
  let target: unknown = doc;
  for (const part of node.$ref.slice(2).split('/')) target = isNode(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return target ?? node;
}

function collectSchemaRefs(node: unknown, schemas: Node, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectSchemaRefs(item, schemas, into);
    return;
  }
  if (!isNode(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      const name = refName(value);
      if (!into.has(name)) {
        into.add(name);
        collectSchemaRefs(schemas[name], schemas, into);
      }
    } else collectSchemaRefs(value, schemas, into);
  }
}

interface Usage {
  side: Map<string, Side>;
  /** schema name → operation id → the side it is used on there. */
  reachedBy: Map<string, Map<string, Side>>;
}

function usageOf(doc: Node): Usage {
  const schemas = schemasOf(doc);
  const side = new Map<string, Side>();
  const reachedBy = new Map<string, Map<string, Side>>();
  const mark = (name: string, s: 'request' | 'response', op: string) => {
    side.set(name, mergeSides(side.get(name), s));
    let ops = reachedBy.get(name);
    if (!ops) reachedBy.set(name, (ops = new Map()));
    ops.set(op, mergeSides(ops.get(op), s));
  };
  for (const { info, op } of operationsOf(doc).values()) {
    const request = new Set<string>();
    collectSchemaRefs(asArray(op.parameters).map((p) => deref(doc, p)), schemas, request);
    collectSchemaRefs(deref(doc, op.requestBody), schemas, request);
    const response = new Set<string>();
    collectSchemaRefs(deref(doc, op.responses), schemas, response);
    for (const name of request) mark(name, 'request', info.id);
    for (const name of response) mark(name, 'response', info.id);
  }
  return { side, reachedBy };
}

/**
 * The verdict of each kind of schema change, for a client that sends the data (request) and for
 * one that reads it (response).
 */
const RULES: Record<string, { request: Verdict; response: Verdict }> = {
  'property-added-required': { request: 'breaking', response: 'compatible' },
  'property-added-optional': { request: 'compatible', response: 'compatible' },
  'property-removed': { request: 'breaking', response: 'breaking' },
  'type-widened': { request: 'compatible', response: 'breaking' },
  'type-narrowed': { request: 'breaking', response: 'compatible' },
  'type-replaced': { request: 'breaking', response: 'breaking' },
  'enum-value-added': { request: 'compatible', response: 'compatible' },
  'enum-value-removed': { request: 'breaking', response: 'compatible' },
  'required-added': { request: 'breaking', response: 'compatible' },
  'required-removed': { request: 'compatible', response: 'breaking' },
  'nullable-added': { request: 'compatible', response: 'breaking' },
  'nullable-removed': { request: 'breaking', response: 'compatible' },
  'default-changed': { request: 'compatible', response: 'compatible' },
  // `format` is advice (unixtime, binary, …): the generated types do not change with it.
  'format-changed': { request: 'compatible', response: 'compatible' },
};

function verdictOf(rule: string, side: Side): Verdict {
  const r = RULES[rule]!;
  if (side === 'both') return r.request === 'breaking' || r.response === 'breaking' ? 'breaking' : 'compatible';
  return r[side];
}

/** The value kinds a schema admits, without null: `string`, `object`, `FineTuningJob` (a ref), … */
export function typesOf(schema: unknown): Set<string> {
  const out = new Set<string>();
  if (!isNode(schema)) return out;
  if (typeof schema.$ref === 'string') out.add(refName(schema.$ref));
  const type = schema.type;
  for (const t of Array.isArray(type) ? type : type === undefined ? [] : [type]) if (t !== 'null') out.add(String(t));
  if (type === undefined && schema.const !== undefined && schema.const !== null) out.add(typeof schema.const);
  for (const key of ['anyOf', 'oneOf'] as const) for (const member of asArray(schema[key])) for (const t of typesOf(member)) out.add(t);
  const allOf = asArray(schema.allOf);
  if (allOf.length === 1) for (const t of typesOf(allOf[0])) out.add(t);
  else if (allOf.length > 1) out.add(`allOf(${allOf.map((m) => [...typesOf(m)].join('|')).join(', ')})`);
  return out;
}

export function isNullable(schema: unknown): boolean {
  if (!isNode(schema)) return false;
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  if (schema.const === null) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  return ['anyOf', 'oneOf'].some((key) => asArray(schema[key]).some((m) => isNullable(m)));
}

/** Enum values (const counts as a one-value enum), null excluded; undefined when not an enum. */
function enumOf(schema: Node): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.filter((v) => v !== null);
  if (schema.const !== undefined && schema.const !== null) return [schema.const];
  return undefined;
}

const show = (values: Iterable<unknown>) => [...values].map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
const describeTypes = (types: Set<string>) => (types.size === 0 ? 'any' : [...types].sort().join(' | '));
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

interface Sink {
  add(kind: ChangeKind, rule: string, where: string, message: string): void;
}

/** Key that pairs up the inline members of two unions: their types and constant values. */
function memberKey(member: unknown, index: number): string {
  if (!isNode(member)) return `#${index}`;
  if (typeof member.$ref === 'string') return `ref:${refName(member.$ref)}`;
  const props = isNode(member.properties) ? member.properties : {};
  const discriminator = Object.entries(props)
    .map(([name, p]) => (isNode(p) && p.const !== undefined ? `${name}=${String(p.const)}` : isNode(p) && Array.isArray(p.enum) && p.enum.length === 1 ? `${name}=${String(p.enum[0])}` : ''))
    .filter(Boolean)
    .join(',');
  return `${describeTypes(typesOf(member))}${discriminator ? `{${discriminator}}` : ''}`;
}

/** The two documents, to follow a `$ref` that one side has and the other does not. */
export interface Docs {
  old: Node;
  new: Node;
}

/** `anyOf: [X, {type: null}]` (how 3.1 spells "nullable X") is compared as X; nullability is checked apart. */
function unwrap(schema: Node): Node {
  if (schema.type !== undefined || schema.properties !== undefined) return schema;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const members = asArray(schema[key]);
    const nonNull = members.filter((m) => !(isNode(m) && m.type === 'null'));
    if (members.length > 0 && nonNull.length === 1 && isNode(nonNull[0])) {
      const { [key]: _union, ...annotations } = schema;
      return unwrap({ ...annotations, ...nonNull[0] });
    }
  }
  return schema;
}

function resolveSchema(doc: Node, schema: Node): Node {
  if (typeof schema.$ref !== 'string') return schema;
  const target = schemasOf(doc)[refName(schema.$ref)];
  const { $ref: _ref, ...annotations } = schema;
  return isNode(target) ? { ...target, ...annotations } : schema;
}

/**
 * Compares two schemas at `where`. Equal `$ref`s are compared by name (the named schema is compared
 * on its own); where one side moved an inline schema into a named one, or points to another name,
 * both are followed and compared by structure, so an extraction is not reported as a change.
 */
function compareSchema(docs: Docs, oldIn: unknown, newIn: unknown, where: string, sink: Sink, depth = 0): void {
  if (!isNode(oldIn) || !isNode(newIn) || depth > 12) return;
  let oldS = unwrap(oldIn);
  let newS = unwrap(newIn);
  if (oldS.$ref !== newS.$ref) {
    oldS = unwrap(resolveSchema(docs.old, oldS));
    newS = unwrap(resolveSchema(docs.new, newS));
  }
  const oldTypes = typesOf(oldS);
  const newTypes = typesOf(newS);
  if (!sameSet(oldTypes, newTypes)) {
    const rule = oldTypes.size === 0 ? 'type-narrowed' : newTypes.size === 0 ? 'type-widened' : subset(oldTypes, newTypes) ? 'type-widened' : subset(newTypes, oldTypes) ? 'type-narrowed' : 'type-replaced';
    sink.add('type-changed', rule, where, `type changed from ${describeTypes(oldTypes)} to ${describeTypes(newTypes)}`);
  }
  const oldNull = isNullable(oldIn) || isNullable(oldS);
  const newNull = isNullable(newIn) || isNullable(newS);
  if (oldNull !== newNull) {
    sink.add(newNull ? 'nullable-added' : 'nullable-removed', newNull ? 'nullable-added' : 'nullable-removed', where, newNull ? 'may now be null' : 'may no longer be null');
  }
  const oldEnum = enumOf(oldS);
  const newEnum = enumOf(newS);
  if (oldEnum && newEnum) {
    const added = newEnum.filter((v) => !oldEnum.includes(v));
    const removed = oldEnum.filter((v) => !newEnum.includes(v));
    if (added.length) sink.add('enum-value-added', 'enum-value-added', where, `enum value${added.length > 1 ? 's' : ''} added: ${show(added)}`);
    if (removed.length) sink.add('enum-value-removed', 'enum-value-removed', where, `enum value${removed.length > 1 ? 's' : ''} removed: ${show(removed)}`);
  } else if (oldEnum && !newEnum) {
    sink.add('type-changed', 'type-widened', where, `no longer limited to ${show(oldEnum)}`);
  } else if (!oldEnum && newEnum) {
    sink.add('type-changed', 'type-narrowed', where, `now limited to ${show(newEnum)}`);
  }
  if (oldS.format !== newS.format && !oldTypes.has('object') && !newTypes.has('object')) {
    sink.add('format-changed', 'format-changed', where, `format changed from ${String(oldS.format ?? '(none)')} to ${String(newS.format ?? '(none)')}`);
  }
  if (JSON.stringify(oldS.default) !== JSON.stringify(newS.default)) {
    sink.add('default-changed', 'default-changed', where, `default changed from ${oldS.default === undefined ? '(none)' : JSON.stringify(oldS.default)} to ${newS.default === undefined ? '(none)' : JSON.stringify(newS.default)}`);
  }

  const oldProps = isNode(oldS.properties) ? oldS.properties : {};
  const newProps = isNode(newS.properties) ? newS.properties : {};
  const oldReq = new Set(asArray(oldS.required).map(String));
  const newReq = new Set(asArray(newS.required).map(String));
  for (const name of Object.keys(newProps)) {
    const at = `${where}.${name}`;
    if (!(name in oldProps)) {
      const req = newReq.has(name);
      sink.add('property-added', req ? 'property-added-required' : 'property-added-optional', at, `${req ? 'required' : 'optional'} property added (${describeTypes(typesOf(newProps[name]))})`);
      continue;
    }
    if (oldReq.has(name) !== newReq.has(name)) {
      const req = newReq.has(name);
      sink.add(req ? 'required-added' : 'required-removed', req ? 'required-added' : 'required-removed', at, req ? 'is now required' : 'is no longer required');
    }
    compareSchema(docs, oldProps[name], newProps[name], at, sink, depth + 1);
  }
  for (const name of Object.keys(oldProps)) {
    if (!(name in newProps)) sink.add('property-removed', 'property-removed', `${where}.${name}`, 'property removed');
  }
  compareSchema(docs, oldS.items, newS.items, `${where}[]`, sink, depth + 1);
  if (isNode(oldS.additionalProperties) && isNode(newS.additionalProperties)) {
    compareSchema(docs, oldS.additionalProperties, newS.additionalProperties, `${where}{}`, sink, depth + 1);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const oldMembers = new Map(asArray(oldS[key]).map((m, i) => [memberKey(m, i), m]));
    const newMembers = new Map(asArray(newS[key]).map((m, i) => [memberKey(m, i), m]));
    for (const [k, m] of newMembers) {
      const before = oldMembers.get(k);
      if (before !== undefined && isNode(m) && m.$ref === undefined) compareSchema(docs, before, m, `${where}<${k}>`, sink, depth + 1);
    }
  }
}

function paramKey(p: Node): string {
  return `${String(p.in)} ${String(p.name)}`;
}

function compareOperation(doc: Docs, oldOp: Node, newOp: Node, where: string, opId: string, push: (c: Change) => void): void {
  const sinkFor = (side: Side): Sink => ({
    add: (kind, rule, at, message) => push({ kind, verdict: verdictOf(rule, side), where: at, message, operations: [opId] }),
  });
  const request = sinkFor('request');
  const response = sinkFor('response');

  const oldParams = new Map(asArray(oldOp.parameters).map((p) => deref(doc.old, p)).filter(isNode).map((p) => [paramKey(p), p]));
  const newParams = new Map(asArray(newOp.parameters).map((p) => deref(doc.new, p)).filter(isNode).map((p) => [paramKey(p), p]));
  for (const [key, p] of newParams) {
    const at = `${where} ${key}`;
    const before = oldParams.get(key);
    if (!before) {
      const req = p.required === true;
      request.add('parameter-added', req ? 'property-added-required' : 'property-added-optional', at, `${req ? 'required' : 'optional'} parameter added (${describeTypes(typesOf(p.schema))})`);
      continue;
    }
    if ((before.required === true) !== (p.required === true)) {
      const req = p.required === true;
      request.add(req ? 'required-added' : 'required-removed', req ? 'required-added' : 'required-removed', at, req ? 'parameter is now required' : 'parameter is no longer required');
    }
    compareSchema(doc, before.schema, p.schema, at, request);
  }
  for (const key of oldParams.keys()) {
    if (!newParams.has(key)) request.add('parameter-removed', 'property-removed', `${where} ${key}`, 'parameter removed');
  }

  const oldBody = deref(doc.old, oldOp.requestBody);
  const newBody = deref(doc.new, newOp.requestBody);
  if (!isNode(oldBody) && isNode(newBody)) {
    const req = newBody.required === true;
    request.add('request-body-added', req ? 'property-added-required' : 'property-added-optional', `${where} body`, `${req ? 'required' : 'optional'} request body added`);
  } else if (isNode(oldBody) && !isNode(newBody)) {
    request.add('request-body-removed', 'property-removed', `${where} body`, 'request body removed');
  } else if (isNode(oldBody) && isNode(newBody)) {
    if ((oldBody.required === true) !== (newBody.required === true)) {
      const req = newBody.required === true;
      request.add(req ? 'required-added' : 'required-removed', req ? 'required-added' : 'required-removed', `${where} body`, req ? 'request body is now required' : 'request body is no longer required');
    }
    compareContent(doc, oldBody.content, newBody.content, `${where} body`, request, 'request');
  }

  const oldResponses = isNode(oldOp.responses) ? oldOp.responses : {};
  const newResponses = isNode(newOp.responses) ? newOp.responses : {};
  for (const [status, r] of Object.entries(newResponses)) {
    const at = `${where} response ${status}`;
    if (!(status in oldResponses)) {
      response.add('response-added', 'property-added-optional', at, 'response added');
      continue;
    }
    const before = deref(doc.old, oldResponses[status]);
    const after = deref(doc.new, r);
    if (isNode(before) && isNode(after)) compareContent(doc, before.content, after.content, at, response, 'response');
  }
  for (const status of Object.keys(oldResponses)) {
    if (!(status in newResponses)) response.add('response-removed', 'property-removed', `${where} response ${status}`, 'response removed');
  }
}

function compareContent(docs: Docs, oldC: unknown, newC: unknown, where: string, sink: Sink, side: 'request' | 'response'): void {
  const oldContent = isNode(oldC) ? oldC : {};
  const newContent = isNode(newC) ? newC : {};
  for (const [type, media] of Object.entries(newContent)) {
    if (!(type in oldContent)) {
      // A new media type is one more thing a client may send, or may now receive.
      sink.add('content-type-added', 'type-widened', `${where} ${type}`, 'media type added');
      continue;
    }
    const before = oldContent[type];
    if (isNode(before) && isNode(media)) compareSchema(docs, before.schema, media.schema, `${where} ${type}`, sink);
  }
  for (const type of Object.keys(oldContent)) {
    if (!(type in newContent)) sink.add('content-type-removed', 'type-replaced', `${where} ${type}`, 'media type removed');
  }
}

/** Lists the changes from `oldDoc` to `newDoc` (both trimmed, OpenAPI 3.1). */
export function diffSpecs(oldDoc: Node, newDoc: Node): SpecDiff {
  const changes: Change[] = [];
  const push = (c: Change) => changes.push(c);
  const oldOps = operationsOf(oldDoc);
  const newOps = operationsOf(newDoc);
  const added: string[] = [];
  const removed: string[] = [];

  for (const [key, { info, op }] of newOps) {
    const before = oldOps.get(key);
    if (!before) {
      added.push(info.id);
      push({ kind: 'operation-added', verdict: 'compatible', where: key, message: `operation added (${info.id})`, operations: [info.id] });
      continue;
    }
    if (info.deprecated !== before.info.deprecated) {
      push({
        kind: info.deprecated ? 'operation-deprecated' : 'operation-undeprecated',
        verdict: 'compatible',
        where: key,
        message: info.deprecated ? `operation deprecated (${info.id}): plan to stop calling it` : `operation no longer deprecated (${info.id})`,
        operations: [info.id],
      });
    }
    compareOperation({ old: oldDoc, new: newDoc }, before.op, op, key, info.id, push);
  }
  for (const [key, { info }] of oldOps) {
    if (!newOps.has(key)) {
      removed.push(info.id);
      push({ kind: 'operation-removed', verdict: 'breaking', where: key, message: `operation removed (${info.id})`, operations: [info.id] });
    }
  }

  const oldSchemas = schemasOf(oldDoc);
  const newSchemas = schemasOf(newDoc);
  const oldUsage = usageOf(oldDoc);
  const newUsage = usageOf(newDoc);
  for (const [name, schema] of Object.entries(newSchemas)) {
    const reached = [...(newUsage.reachedBy.get(name)?.keys() ?? [])].sort();
    if (!(name in oldSchemas)) {
      push({ kind: 'schema-added', verdict: 'compatible', where: `schema ${name}`, message: 'schema added', schema: name, operations: reached });
      continue;
    }
    const side = mergeSides(oldUsage.side.get(name), newUsage.side.get(name));
    const oldOpsOf = oldUsage.reachedBy.get(name) ?? new Map<string, Side>();
    const newOpsOf = newUsage.reachedBy.get(name) ?? new Map<string, Side>();
    const operations = [...new Set([...oldOpsOf.keys(), ...newOpsOf.keys()])].sort();
    compareSchema({ old: oldDoc, new: newDoc }, oldSchemas[name], schema, `schema ${name}`, {
      add: (kind, rule, where, message) => {
        const verdict = verdictOf(rule, side);
        const byOperation = Object.fromEntries(
          operations.map((op) => [op, verdictOf(rule, mergeSides(oldOpsOf.get(op), newOpsOf.get(op)))]),
        );
        const differs = Object.values(byOperation).some((v) => v !== verdict);
        push({ kind, verdict, where, message, schema: name, operations, ...(differs ? { byOperation } : {}) });
      },
    });
  }
  for (const name of Object.keys(oldSchemas)) {
    if (!(name in newSchemas)) {
      // Its generated type disappears, so code that names it stops compiling.
      push({ kind: 'schema-removed', verdict: 'breaking', where: `schema ${name}`, message: 'schema removed (its generated type goes away)', schema: name, operations: [...(oldUsage.reachedBy.get(name)?.keys() ?? [])].sort() });
    }
  }
  return { changes, operations: [...newOps.values()].map((o) => o.info), added, removed };
}

function mergeSides(a: Side | undefined, b: Side | undefined): Side {
  if (a === undefined) return b ?? 'both';
  if (b === undefined || a === b) return a;
  return 'both';
}
