// Rewrites OpenAPI 3.0 leftovers into their OpenAPI 3.1 (JSON Schema 2020-12) form, in place.
//
// The upstream document says `openapi: 3.1.0` but some schemas still use 3.0 keywords. Left as they
// are, generated types lose `| null` (e.g. `suffix`, `validation_file`, `seed`, `integrations`) and
// boolean `exclusiveMinimum` is not valid 2020-12, so validators reject or mis-compile it.

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `nullable: true` → `null` joins the type (or the union); `nullable: false` is dropped. */
function normalizeNullable(schema: Node): Node {
  const { nullable, ...rest } = schema;
  if (nullable !== true) return rest;
  if (rest.type !== undefined) {
    const types = Array.isArray(rest.type) ? [...rest.type] : [rest.type];
    if (!types.includes('null')) types.push('null');
    rest.type = types;
    if (Array.isArray(rest.enum) && !rest.enum.includes(null)) rest.enum = [...rest.enum, null];
    return rest;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const union = rest[key];
    if (Array.isArray(union)) {
      if (!union.some((s) => isNode(s) && s.type === 'null'))
        rest[key] = [...union, { type: 'null' }];
      return rest;
    }
  }
  if (typeof rest.$ref === 'string' || Array.isArray(rest.allOf)) {
    // Keep annotations (description, default, ...) beside the union; move the constraint into it.
    const { $ref, allOf, ...annotations } = rest;
    const inner = $ref !== undefined ? { $ref } : { allOf };
    return { ...annotations, anyOf: [inner, { type: 'null' }] };
  }
  // No type and no union: the schema already admits every value, null included.
  return rest;
}

/** Boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0) → the numeric form (3.1). */
function normalizeExclusive(schema: Node): Node {
  const out: Node = { ...schema };
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  return out;
}

function normalizeNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNode);
  if (!isNode(node)) return node;
  let out: Node = {};
  for (const [key, value] of Object.entries(node)) out[key] = normalizeNode(value);
  if (typeof out.nullable === 'boolean') out = normalizeNullable(out);
  if (typeof out.exclusiveMinimum === 'boolean' || typeof out.exclusiveMaximum === 'boolean') {
    out = normalizeExclusive(out);
  }
  return out;
}

/** Returns a copy of `doc` in OpenAPI 3.1 form. */
export function normalizeTo31<T extends Node>(doc: T): T {
  const out = normalizeNode(doc) as T;
  (out as Node).openapi = '3.1.0';
  return out;
}
