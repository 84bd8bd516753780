// The error tree: every error class an entry exports has its `is…` guard exported beside it and a
// row in docs/client-and-errors.md; a guard holds for its kind and its subclasses, from another
// copy of the package or another realm (it reads the registered brand, not class identity).
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BRAND, type FineTuningError } from '../../src/errors.ts';

const ENTRIES = {
  'openai-fine-tuning': () => import('../../src/index.ts'),
  '/node': () => import('../../src/node/index.ts'),
  '/training-data': () => import('../../src/training-data/index.ts'),
  '/report': () => import('../../src/report/index.ts'),
  '/legacy': () => import('../../src/legacy/index.ts'),
  '/azure': () => import('../../src/azure/index.ts'),
};

type ErrorClass = typeof FineTuningError;
const isErrorClass = (value: unknown): value is ErrorClass =>
  typeof value === 'function' && value.prototype instanceof Error && Object.hasOwn(value, 'kind');

/** The kinds an error of `cls` carries in its brand: its own, then each parent's. */
function kindsOf(cls: ErrorClass): string[] {
  const kinds: string[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c))
    if (Object.hasOwn(c, 'kind')) kinds.push((c as ErrorClass).kind);
  return kinds;
}

const docs = readFileSync(new URL('../../docs/client-and-errors.md', import.meta.url), 'utf8');
const docRow = (name: string) => docs.split('\n').find((line) => line.startsWith(`| \`${name}\``));

describe.each(Object.entries(ENTRIES))('the errors of %s', (entry, load) => {
  it('each class: its kind is its name, its guard is exported beside it, it has its row in the docs table', async () => {
    const exports = (await load()) as Record<string, unknown>;
    const root = await ENTRIES['openai-fine-tuning']();
    const classes = Object.entries(exports).filter(([, value]) => isErrorClass(value));
    expect(classes.length).toBeGreaterThan(0);
    for (const [name, cls] of classes as Array<[string, ErrorClass]>) {
      expect(cls.kind, name).toBe(name);
      const guard = exports[`is${name}`] as ((value: unknown) => boolean) | undefined;
      expect(typeof guard, `is${name} exported by ${entry}`).toBe('function');
      // An error from another copy of the package: only the brand is shared.
      const foreign = { [BRAND]: kindsOf(cls) };
      expect(guard!(foreign), `is${name}`).toBe(true);
      expect(guard!(new Error(name)), `is${name} of a plain Error`).toBe(false);
      expect(guard!({ [BRAND]: ['SomethingElse'] }), `is${name} of another kind`).toBe(false);
      expect(foreign instanceof cls, `instanceof ${name}`).toBe(true);
      const row = docRow(name);
      expect(row, `a row for ${name} in docs/client-and-errors.md`).toBeDefined();
      expect(row).toContain(`\`is${name}\``);
      // A class the root also exports (the upload errors, again from /node) is listed once, as the root's.
      if (!(name in root)) expect(row).toContain(`\`${entry}\``);
    }
  });
});

describe('guards', () => {
  it('hold for subclasses and for an error made in another realm', async () => {
    const { isConnectionError, isRateLimitError, isFineTuningError, isJobFailedError } =
      await import('../../src/index.ts');
    expect(
      isConnectionError({ [BRAND]: ['TimeoutError', 'ConnectionError', 'FineTuningError'] }),
    ).toBe(true);
    expect(
      isRateLimitError({
        [BRAND]: ['DailyRateLimitError', 'RateLimitError', 'APIError', 'FineTuningError'],
      }),
    ).toBe(true);
    const otherRealm = runInNewContext(
      "const e = new Error('failed'); Object.defineProperty(e, Symbol.for('openai-fine-tuning.error'), { value: ['JobFailedError', 'FineTuningError'] }); e",
    );
    expect(isJobFailedError(otherRealm)).toBe(true);
    expect(isFineTuningError(otherRealm)).toBe(true);
    expect(isJobFailedError(null)).toBe(false);
  });

  it('every row of the docs table names a class some entry exports', async () => {
    const names = new Set<string>();
    for (const load of Object.values(ENTRIES))
      for (const [name, value] of Object.entries(await load()))
        if (isErrorClass(value)) names.add(name);
    const start = docs.indexOf('| class ');
    const rows = docs
      .slice(start)
      .split('\n')
      .slice(2)
      .filter((line) => line.startsWith('| `'));
    const documented = rows.map((line) => /^\| `(\w+)`/.exec(line)![1]!);
    expect(documented.filter((name) => !names.has(name))).toEqual([]);
    expect([...names].filter((name) => !documented.includes(name))).toEqual([]);
  });
});
