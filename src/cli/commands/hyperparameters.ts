// `--hyperparameter k=v` checked against the spec's schema for the chosen method, before anything
// is uploaded: an unknown key, a value that is not a number, or one out of range is a usage error (exit 2) naming the valid
// keys or values, instead of a vague answer from the API after the upload.
import { UsageError } from '../errors.ts';
import type { JsonSchema } from '../sdk/spec.ts';

/** `auto`, `a whole number from 1 to 50`, `a number > 0`: what a schema accepts, in words. */
export function describeSchema(s: JsonSchema): string {
  const branches = s.oneOf ?? s.anyOf;
  if (branches) return branches.map(describeSchema).join(' or ');
  if (s.enum) return s.enum.map(String).join(', ');
  const what =
    s.type === 'integer'
      ? 'a whole number'
      : s.type === 'number'
        ? 'a number'
        : s.type === 'string'
          ? 'text'
          : 'a value';
  const lo =
    s.minimum !== undefined
      ? `>= ${s.minimum}`
      : s.exclusiveMinimum !== undefined
        ? `> ${s.exclusiveMinimum}`
        : undefined;
  const hi =
    s.maximum !== undefined
      ? `<= ${s.maximum}`
      : s.exclusiveMaximum !== undefined
        ? `< ${s.exclusiveMaximum}`
        : undefined;
  if (s.type === 'integer' && s.minimum !== undefined && s.maximum !== undefined)
    return `${what} from ${s.minimum} to ${s.maximum}`;
  return [what, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

/** The value `raw` becomes under schema `s` (a number for numeric schemas), or undefined if none fits. */
export function coerce(s: JsonSchema, raw: string): string | number | undefined {
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    for (const b of branches) {
      const v = coerce(b, raw);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  if (s.enum) return s.enum.includes(raw) ? raw : undefined;
  if (s.type === 'integer' || s.type === 'number') {
    const n = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(n) || (s.type === 'integer' && !Number.isInteger(n))) return undefined;
    if (s.minimum !== undefined && n < s.minimum) return undefined;
    if (s.maximum !== undefined && n > s.maximum) return undefined;
    if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) return undefined;
    if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) return undefined;
    return n;
  }
  if (s.type === 'string') return raw;
  // A schema this check does not know: sent as given, numbers as numbers; the API has the last word.
  return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

/** Why `raw` fits no branch of `s`: not a number, not a whole number, or out of range. */
export function whyNot(s: JsonSchema, raw: string): string {
  const branches = s.oneOf ?? s.anyOf ?? [s];
  const numeric = branches.filter((b) => b.type === 'integer' || b.type === 'number');
  if (numeric.length === 0) return 'is not accepted';
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(n)) return 'is not a number';
  if (!Number.isInteger(n) && numeric.every((b) => b.type === 'integer'))
    return 'is not a whole number';
  return 'is out of range';
}

/** The hyperparameters object for `method`, each value as its schema types it. */
export function checkHyperparameters(
  method: string,
  raw: Record<string, string> | undefined,
  schemas: Record<string, JsonSchema>,
): Record<string, string | number> | undefined {
  if (!raw) return undefined;
  const valid = Object.keys(schemas);
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(raw)) {
    const schema = schemas[key];
    if (!schema) {
      throw new UsageError(
        `--hyperparameter ${key} is not a hyperparameter of --method ${method}. Valid keys: ${valid.join(', ')}.`,
        'jobs create',
      );
    }
    const v = coerce(schema, value);
    if (v === undefined)
      throw new UsageError(
        `--hyperparameter ${key}=${value} ${whyNot(schema, value)}: ${key} takes ${describeSchema(schema)}.`,
        'jobs create',
      );
    out[key] = v;
  }
  return out;
}
