// Checks that an eval comparison (from `ft.evals.compare()`, or read from a JSON file) has the
// shape the report draws, and says which field is wrong when it has not.
import { ReportInputError } from './errors.ts';
import type { EvalComparison } from './types.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, expected: string, value: unknown): never {
  const got = value === undefined ? 'nothing' : JSON.stringify(value)?.slice(0, 60);
  throw new ReportInputError(
    `the eval comparison's ${path} must be ${expected}, got ${got}: pass what ft.evals.compare() returns (see docs/report.md).`,
  );
}

const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** `value` as an `EvalComparison`, or a `ReportInputError` naming the first field of the wrong shape. */
export function checkEvalComparison(value: unknown): EvalComparison {
  if (!isObject(value)) fail('value', 'an object', value);
  if (typeof value.evalId !== 'string') fail('evalId', 'a string', value.evalId);
  if (!Array.isArray(value.models)) fail('models', 'an array', value.models);
  value.models.forEach((m: unknown, i: number) => {
    if (!isObject(m)) fail(`models[${i}]`, 'an object', m);
    for (const key of ['model', 'runId', 'status'] as const)
      if (typeof m[key] !== 'string') fail(`models[${i}].${key}`, 'a string', m[key]);
    if (!Array.isArray(m.criteria)) fail(`models[${i}].criteria`, 'an array', m.criteria);
    m.criteria.forEach((c: unknown, j: number) => {
      const at = `models[${i}].criteria[${j}]`;
      if (!isObject(c)) fail(at, 'an object', c);
      if (typeof c.name !== 'string') fail(`${at}.name`, 'a string', c.name);
      for (const key of ['passed', 'failed', 'errored', 'passRate'] as const)
        if (!num(c[key])) fail(`${at}.${key}`, 'a number', c[key]);
      if (c.meanScore !== null && !num(c.meanScore))
        fail(`${at}.meanScore`, 'a number or null', c.meanScore);
    });
  });
  if (!Array.isArray(value.items)) fail('items', 'an array', value.items);
  value.items.forEach((item: unknown, i: number) => {
    if (!isObject(item)) fail(`items[${i}]`, 'an object', item);
    if (!num(item.index)) fail(`items[${i}].index`, 'a number', item.index);
    for (const key of ['passedBy', 'failedBy'] as const)
      if (!Array.isArray(item[key]) || item[key].some((s) => typeof s !== 'string'))
        fail(`items[${i}].${key}`, 'an array of model names', item[key]);
  });
  if (value.best !== undefined && typeof value.best !== 'string')
    fail('best', 'a string', value.best);
  return value as unknown as EvalComparison;
}
