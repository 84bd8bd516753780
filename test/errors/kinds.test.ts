// Every error class any entry point exports must carry its own `kind`: that is what makes
// `instanceof` and the name work when an application holds two copies of the package.
import { describe, expect, it } from 'vitest';
import { FineTuningError } from '../../src/index.ts';

const entries = {
  '.': () => import('../../src/index.ts'),
  './legacy': () => import('../../src/legacy/index.ts'),
  './node': () => import('../../src/node/index.ts'),
  './training-data': () => import('../../src/training-data/index.ts'),
};

const BRAND = Symbol.for('openai-fine-tuning.error');

describe.each(Object.entries(entries))('error classes exported by %s', (_, load) => {
  it('each has a kind of its own, equal to its name, recognised across copies', async () => {
    const module = (await load()) as Record<string, unknown>;
    const classes = Object.entries(module).filter(
      // The prototype chain, not instanceof: instanceof on these classes reads the brand of an instance.
      ([, value]) =>
        typeof value === 'function' &&
        (value === FineTuningError ||
          Object.prototype.isPrototypeOf.call(FineTuningError.prototype, value.prototype)),
    ) as [string, typeof FineTuningError][];
    expect(classes.length).toBeGreaterThan(0);
    for (const [exported, cls] of classes) {
      expect(Object.hasOwn(cls, 'kind'), `${exported} declares static kind`).toBe(true);
      expect(cls.kind, exported).toBe(cls.name);
      // What an error made by another copy of the package looks like: only the brand is shared.
      const foreign = { [BRAND]: [cls.kind, 'FineTuningError'] };
      expect(foreign, exported).toBeInstanceOf(cls);
      expect(foreign, exported).toBeInstanceOf(FineTuningError);
    }
  });
});
