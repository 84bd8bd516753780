// Compares two trimmed specs and lists what changed for a client of the fine-tuning surface, each
// change marked breaking or compatible.
//
// Whether a schema change breaks a client depends on which way the data flows: a new required field
// breaks code that sends the schema, a removed field breaks code that reads it. So every named schema
// is first classified as request-side, response-side or both (by walking each operation's parameters
// and body, and its responses, through `$ref`s), and each change gets the verdict of its side; a
// schema on both sides gets the worse one.
import {
  asArray,
  compareSchema,
  isNode,
  mergeSides,
  refName,
  schemasOf,
  describeTypes,
  typesOf,
  verdictOf,
  type ChangeKind,
  type Docs,
  type Node,
  type Side,
  type Sink,
  type Verdict,
} from './schema-diff.ts';

export type { ChangeKind, Side, Verdict } from './schema-diff.ts';

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

/** Resolves `#/components/parameters/...` and similar non-schema refs in one step. */
function deref(doc: Node, node: unknown): unknown {
  if (
    !isNode(node) ||
    typeof node.$ref !== 'string' ||
    node.$ref.startsWith('#/components/schemas/')
  )
    return node;
  let target: unknown = doc;
  for (const part of node.$ref.slice(2).split('/'))
    target = isNode(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
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
    collectSchemaRefs(
      asArray(op.parameters).map((p) => deref(doc, p)),
      schemas,
      request,
    );
    collectSchemaRefs(deref(doc, op.requestBody), schemas, request);
    const response = new Set<string>();
    collectSchemaRefs(deref(doc, op.responses), schemas, response);
    for (const name of request) mark(name, 'request', info.id);
    for (const name of response) mark(name, 'response', info.id);
  }
  return { side, reachedBy };
}

function paramKey(p: Node): string {
  return `${String(p.in)} ${String(p.name)}`;
}

function compareOperation(
  doc: Docs,
  oldOp: Node,
  newOp: Node,
  where: string,
  opId: string,
  push: (c: Change) => void,
): void {
  const sinkFor = (side: Side): Sink => ({
    add: (kind, rule, at, message) =>
      push({ kind, verdict: verdictOf(rule, side), where: at, message, operations: [opId] }),
  });
  const request = sinkFor('request');
  const response = sinkFor('response');

  const oldParams = new Map(
    asArray(oldOp.parameters)
      .map((p) => deref(doc.old, p))
      .filter(isNode)
      .map((p) => [paramKey(p), p]),
  );
  const newParams = new Map(
    asArray(newOp.parameters)
      .map((p) => deref(doc.new, p))
      .filter(isNode)
      .map((p) => [paramKey(p), p]),
  );
  for (const [key, p] of newParams) {
    const at = `${where} ${key}`;
    const before = oldParams.get(key);
    if (!before) {
      const req = p.required === true;
      request.add(
        'parameter-added',
        req ? 'property-added-required' : 'property-added-optional',
        at,
        `${req ? 'required' : 'optional'} parameter added (${describeTypes(typesOf(p.schema))})`,
      );
      continue;
    }
    if ((before.required === true) !== (p.required === true)) {
      const req = p.required === true;
      request.add(
        req ? 'required-added' : 'required-removed',
        req ? 'required-added' : 'required-removed',
        at,
        req ? 'parameter is now required' : 'parameter is no longer required',
      );
    }
    compareSchema(doc, before.schema, p.schema, at, request);
  }
  for (const key of oldParams.keys()) {
    if (!newParams.has(key))
      request.add('parameter-removed', 'property-removed', `${where} ${key}`, 'parameter removed');
  }

  const oldBody = deref(doc.old, oldOp.requestBody);
  const newBody = deref(doc.new, newOp.requestBody);
  if (!isNode(oldBody) && isNode(newBody)) {
    const req = newBody.required === true;
    request.add(
      'request-body-added',
      req ? 'property-added-required' : 'property-added-optional',
      `${where} body`,
      `${req ? 'required' : 'optional'} request body added`,
    );
  } else if (isNode(oldBody) && !isNode(newBody)) {
    request.add(
      'request-body-removed',
      'property-removed',
      `${where} body`,
      'request body removed',
    );
  } else if (isNode(oldBody) && isNode(newBody)) {
    if ((oldBody.required === true) !== (newBody.required === true)) {
      const req = newBody.required === true;
      request.add(
        req ? 'required-added' : 'required-removed',
        req ? 'required-added' : 'required-removed',
        `${where} body`,
        req ? 'request body is now required' : 'request body is no longer required',
      );
    }
    compareContent(doc, oldBody.content, newBody.content, `${where} body`, request);
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
    if (isNode(before) && isNode(after))
      compareContent(doc, before.content, after.content, at, response);
  }
  for (const status of Object.keys(oldResponses)) {
    if (!(status in newResponses))
      response.add(
        'response-removed',
        'property-removed',
        `${where} response ${status}`,
        'response removed',
      );
  }
}

function compareContent(docs: Docs, oldC: unknown, newC: unknown, where: string, sink: Sink): void {
  const oldContent = isNode(oldC) ? oldC : {};
  const newContent = isNode(newC) ? newC : {};
  for (const [type, media] of Object.entries(newContent)) {
    if (!(type in oldContent)) {
      // A new media type is one more thing a client may send, or may now receive.
      sink.add('content-type-added', 'type-widened', `${where} ${type}`, 'media type added');
      continue;
    }
    const before = oldContent[type];
    if (isNode(before) && isNode(media))
      compareSchema(docs, before.schema, media.schema, `${where} ${type}`, sink);
  }
  for (const type of Object.keys(oldContent)) {
    if (!(type in newContent))
      sink.add('content-type-removed', 'type-replaced', `${where} ${type}`, 'media type removed');
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
      push({
        kind: 'operation-added',
        verdict: 'compatible',
        where: key,
        message: `operation added (${info.id})`,
        operations: [info.id],
      });
      continue;
    }
    if (info.deprecated !== before.info.deprecated) {
      push({
        kind: info.deprecated ? 'operation-deprecated' : 'operation-undeprecated',
        verdict: 'compatible',
        where: key,
        message: info.deprecated
          ? `operation deprecated (${info.id}): plan to stop calling it`
          : `operation no longer deprecated (${info.id})`,
        operations: [info.id],
      });
    }
    compareOperation({ old: oldDoc, new: newDoc }, before.op, op, key, info.id, push);
  }
  for (const [key, { info }] of oldOps) {
    if (!newOps.has(key)) {
      removed.push(info.id);
      push({
        kind: 'operation-removed',
        verdict: 'breaking',
        where: key,
        message: `operation removed (${info.id})`,
        operations: [info.id],
      });
    }
  }

  const oldSchemas = schemasOf(oldDoc);
  const newSchemas = schemasOf(newDoc);
  const oldUsage = usageOf(oldDoc);
  const newUsage = usageOf(newDoc);
  for (const [name, schema] of Object.entries(newSchemas)) {
    const reached = [...(newUsage.reachedBy.get(name)?.keys() ?? [])].sort();
    if (!(name in oldSchemas)) {
      push({
        kind: 'schema-added',
        verdict: 'compatible',
        where: `schema ${name}`,
        message: 'schema added',
        schema: name,
        operations: reached,
      });
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
          operations.map((op) => [
            op,
            verdictOf(rule, mergeSides(oldOpsOf.get(op), newOpsOf.get(op))),
          ]),
        );
        const differs = Object.values(byOperation).some((v) => v !== verdict);
        push({
          kind,
          verdict,
          where,
          message,
          schema: name,
          operations,
          ...(differs ? { byOperation } : {}),
        });
      },
    });
  }
  for (const name of Object.keys(oldSchemas)) {
    if (!(name in newSchemas)) {
      // Its generated type disappears, so code that names it stops compiling.
      push({
        kind: 'schema-removed',
        verdict: 'breaking',
        where: `schema ${name}`,
        message: 'schema removed (its generated type goes away)',
        schema: name,
        operations: [...(oldUsage.reachedBy.get(name)?.keys() ?? [])].sort(),
      });
    }
  }
  return { changes, operations: [...newOps.values()].map((o) => o.info), added, removed };
}
