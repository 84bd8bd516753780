// Compares two schemas and says, for each difference, whether it breaks a client.
//
// Whether a change breaks a client depends on which way the data flows: a new required field
// breaks code that sends the schema, a removed field breaks code that reads it. Each difference is
// reported with a rule name; `verdictOf(rule, side)` turns it into breaking or compatible.

export type Node = Record<string, unknown>;
export const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');

export function schemasOf(doc: Node): Node {
  const components = isNode(doc.components) ? doc.components : {};
  return isNode(components.schemas) ? components.schemas : {};
}

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

export function verdictOf(rule: string, side: Side): Verdict {
  const r = RULES[rule]!;
  if (side === 'both')
    return r.request === 'breaking' || r.response === 'breaking' ? 'breaking' : 'compatible';
  return r[side];
}

/** The value kinds a schema admits, without null: `string`, `object`, `FineTuningJob` (a ref), … */
export function typesOf(schema: unknown): Set<string> {
  const out = new Set<string>();
  if (!isNode(schema)) return out;
  if (typeof schema.$ref === 'string') out.add(refName(schema.$ref));
  const type = schema.type;
  for (const t of Array.isArray(type) ? type : type === undefined ? [] : [type])
    if (t !== 'null') out.add(String(t));
  if (type === undefined && schema.const !== undefined && schema.const !== null)
    out.add(typeof schema.const);
  for (const key of ['anyOf', 'oneOf'] as const)
    for (const member of asArray(schema[key])) for (const t of typesOf(member)) out.add(t);
  const allOf = asArray(schema.allOf);
  if (allOf.length === 1) for (const t of typesOf(allOf[0])) out.add(t);
  else if (allOf.length > 1)
    out.add(`allOf(${allOf.map((m) => [...typesOf(m)].join('|')).join(', ')})`);
  return out;
}

export function isNullable(schema: unknown): boolean {
  if (!isNode(schema)) return false;
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null')))
    return true;
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

const show = (values: Iterable<unknown>) =>
  [...values].map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
export const describeTypes = (types: Set<string>) =>
  types.size === 0 ? 'any' : [...types].sort().join(' | ');
const sameSet = (a: Set<string>, b: Set<string>) =>
  a.size === b.size && [...a].every((x) => b.has(x));
const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

export interface Sink {
  add(kind: ChangeKind, rule: string, where: string, message: string): void;
}

/** Key that pairs up the inline members of two unions: their types and constant values. */
function memberKey(member: unknown, index: number): string {
  if (!isNode(member)) return `#${index}`;
  if (typeof member.$ref === 'string') return `ref:${refName(member.$ref)}`;
  const props = isNode(member.properties) ? member.properties : {};
  const discriminator = Object.entries(props)
    .map(([name, p]) =>
      isNode(p) && p.const !== undefined
        ? `${name}=${String(p.const)}`
        : isNode(p) && Array.isArray(p.enum) && p.enum.length === 1
          ? `${name}=${String(p.enum[0])}`
          : '',
    )
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
export function compareSchema(
  docs: Docs,
  oldIn: unknown,
  newIn: unknown,
  where: string,
  sink: Sink,
  depth = 0,
): void {
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
    const rule =
      oldTypes.size === 0
        ? 'type-narrowed'
        : newTypes.size === 0
          ? 'type-widened'
          : subset(oldTypes, newTypes)
            ? 'type-widened'
            : subset(newTypes, oldTypes)
              ? 'type-narrowed'
              : 'type-replaced';
    sink.add(
      'type-changed',
      rule,
      where,
      `type changed from ${describeTypes(oldTypes)} to ${describeTypes(newTypes)}`,
    );
  }
  const oldNull = isNullable(oldIn) || isNullable(oldS);
  const newNull = isNullable(newIn) || isNullable(newS);
  if (oldNull !== newNull) {
    sink.add(
      newNull ? 'nullable-added' : 'nullable-removed',
      newNull ? 'nullable-added' : 'nullable-removed',
      where,
      newNull ? 'may now be null' : 'may no longer be null',
    );
  }
  const oldEnum = enumOf(oldS);
  const newEnum = enumOf(newS);
  if (oldEnum && newEnum) {
    const added = newEnum.filter((v) => !oldEnum.includes(v));
    const removed = oldEnum.filter((v) => !newEnum.includes(v));
    if (added.length)
      sink.add(
        'enum-value-added',
        'enum-value-added',
        where,
        `enum value${added.length > 1 ? 's' : ''} added: ${show(added)}`,
      );
    if (removed.length)
      sink.add(
        'enum-value-removed',
        'enum-value-removed',
        where,
        `enum value${removed.length > 1 ? 's' : ''} removed: ${show(removed)}`,
      );
  } else if (oldEnum && !newEnum) {
    sink.add('type-changed', 'type-widened', where, `no longer limited to ${show(oldEnum)}`);
  } else if (!oldEnum && newEnum) {
    sink.add('type-changed', 'type-narrowed', where, `now limited to ${show(newEnum)}`);
  }
  if (oldS.format !== newS.format && !oldTypes.has('object') && !newTypes.has('object')) {
    sink.add(
      'format-changed',
      'format-changed',
      where,
      `format changed from ${String(oldS.format ?? '(none)')} to ${String(newS.format ?? '(none)')}`,
    );
  }
  if (JSON.stringify(oldS.default) !== JSON.stringify(newS.default)) {
    sink.add(
      'default-changed',
      'default-changed',
      where,
      `default changed from ${oldS.default === undefined ? '(none)' : JSON.stringify(oldS.default)} to ${newS.default === undefined ? '(none)' : JSON.stringify(newS.default)}`,
    );
  }

  const oldProps = isNode(oldS.properties) ? oldS.properties : {};
  const newProps = isNode(newS.properties) ? newS.properties : {};
  const oldReq = new Set(asArray(oldS.required).map(String));
  const newReq = new Set(asArray(newS.required).map(String));
  for (const name of Object.keys(newProps)) {
    const at = `${where}.${name}`;
    if (!(name in oldProps)) {
      const req = newReq.has(name);
      sink.add(
        'property-added',
        req ? 'property-added-required' : 'property-added-optional',
        at,
        `${req ? 'required' : 'optional'} property added (${describeTypes(typesOf(newProps[name]))})`,
      );
      continue;
    }
    if (oldReq.has(name) !== newReq.has(name)) {
      const req = newReq.has(name);
      sink.add(
        req ? 'required-added' : 'required-removed',
        req ? 'required-added' : 'required-removed',
        at,
        req ? 'is now required' : 'is no longer required',
      );
    }
    compareSchema(docs, oldProps[name], newProps[name], at, sink, depth + 1);
  }
  for (const name of Object.keys(oldProps)) {
    if (!(name in newProps))
      sink.add('property-removed', 'property-removed', `${where}.${name}`, 'property removed');
  }
  compareSchema(docs, oldS.items, newS.items, `${where}[]`, sink, depth + 1);
  if (isNode(oldS.additionalProperties) && isNode(newS.additionalProperties)) {
    compareSchema(
      docs,
      oldS.additionalProperties,
      newS.additionalProperties,
      `${where}{}`,
      sink,
      depth + 1,
    );
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const oldMembers = new Map(asArray(oldS[key]).map((m, i) => [memberKey(m, i), m]));
    const newMembers = new Map(asArray(newS[key]).map((m, i) => [memberKey(m, i), m]));
    for (const [k, m] of newMembers) {
      const before = oldMembers.get(k);
      if (before !== undefined && isNode(m) && m.$ref === undefined)
        compareSchema(docs, before, m, `${where}<${k}>`, sink, depth + 1);
    }
  }
}

export function mergeSides(a: Side | undefined, b: Side | undefined): Side {
  if (a === undefined) return b ?? 'both';
  if (b === undefined || a === b) return a;
  return 'both';
}
