// Turns Ajv's verdict on one part of a request into the API's 400: which field, and what was wrong.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { HttpError } from './errors.ts';

/** The grader schemas, by their `type`: the API picks the branch of a grader `oneOf` this way. */
const GRADER_DEFS: Record<string, string> = {
  string_check: 'GraderStringCheck',
  text_similarity: 'GraderTextSimilarity',
  python: 'GraderPython',
  score_model: 'GraderScoreModel',
  label_model: 'GraderLabelModel',
  multi: 'GraderMulti',
};

const WRAPPERS = new Set(['oneOf', 'anyOf', 'allOf', 'if']);

function fieldOf(error: ErrorObject, prefix: string): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required' && extra.missingProperty) segments.push(extra.missingProperty);
  if (error.keyword === 'additionalProperties' && extra.additionalProperty)
    segments.push(extra.additionalProperty);
  const path = segments
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
  return prefix && path ? `${prefix}${path.startsWith('[') ? '' : '.'}${path}` : prefix || path;
}

function describe(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown[] };
  if (error.keyword === 'enum' && params.allowedValues) {
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? error.keyword;
}

const depth = (e: ErrorObject) => fieldOf(e, '').split(/[.[]/).filter(Boolean).length;

/** Picks the errors that explain the failure best: the deepest field, wrong-type branches last. */
function explain(errors: ErrorObject[], prefix: string): HttpError {
  const real = errors.filter((e) => !WRAPPERS.has(e.keyword));
  const pool = real.length ? real : errors;
  const deepest = Math.max(...pool.map(depth));
  let candidates = pool.filter((e) => depth(e) === deepest);
  const field = fieldOf(candidates[0]!, prefix);
  candidates = candidates.filter((e) => fieldOf(e, prefix) === field);
  const first = candidates[0]!;
  if (first.keyword === 'required') {
    return new HttpError(400, `Missing required parameter: '${field}'.`, {
      param: field,
      code: 'missing_required_parameter',
    });
  }
  if (first.keyword === 'additionalProperties') {
    return new HttpError(400, `Unrecognized request argument supplied: ${field}`, {
      param: field,
      code: 'unknown_parameter',
    });
  }
  if (candidates.every((e) => e.keyword === 'type')) {
    const types = [
      ...new Set(
        candidates.flatMap((e) =>
          String((e.params as { type: string | string[] }).type).split(','),
        ),
      ),
    ];
    return new HttpError(
      400,
      `Invalid type for '${field || prefix}': expected ${types.join(' or ')}.`,
      { param: field || null, code: 'invalid_type' },
    );
  }
  const meaningful = candidates.filter((e) => e.keyword !== 'type');
  const messages = [...new Set(meaningful.map(describe))];
  return new HttpError(400, `Invalid value for '${field || prefix}': ${messages.join(' or ')}.`, {
    param: field || null,
    code: 'invalid_value',
  });
}

/** Looks up a component schema's validator by name (e.g. `GraderStringCheck`). */
export type DefLookup = (name: string) => ValidateFunction | undefined;

/**
 * Validates `value` and throws the API's 400 when it does not conform. `prefix` names the part
 * of the request (empty for a JSON body, whose fields are named bare as the API does).
 */
export function check(
  validate: ValidateFunction,
  value: unknown,
  prefix = '',
  defs?: DefLookup,
): void {
  if (validate(value)) return;
  const errors = [...(validate.errors ?? [])];
  // A grader is a `oneOf` told apart by `type`: judge it against the branch its `type` names, so
  // the message is about that grader rather than about every grader it is not.
  const branch = errors.find((e) => e.keyword === 'oneOf');
  if (branch && defs) {
    const instance = at(value, branch.instancePath) as { type?: unknown } | undefined;
    const type = instance && typeof instance === 'object' ? String(instance.type) : '';
    const def = Object.hasOwn(GRADER_DEFS, type) ? GRADER_DEFS[type] : undefined;
    const sub = def ? defs(def) : undefined;
    if (sub && !sub(instance))
      throw explain([...(sub.errors ?? [])], fieldOf({ ...branch, keyword: 'x' }, prefix));
  }
  throw explain(errors, prefix);
}

function at(value: unknown, pointer: string): unknown {
  let current = value;
  for (const segment of pointer.split('/').slice(1))
    current = (current as Record<string, unknown> | undefined)?.[segment];
  return current;
}
