// The tokenizer stays out of the main entry and is loaded only when a validation counts tokens:
// the static import graph of src/index.ts reaches no package, and the training-data entry names
// gpt-tokenizer only in dynamic import() calls.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STATIC = /^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm;

/** Generated code imports without extensions (`./core/auth.gen`, `./client`). */
function resolveFile(path: string): string {
  for (const candidate of [path, `${path}.ts`, `${path}/index.ts`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${path}`);
}

/** Every file and bare specifier reached by static imports from `entry`. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(STATIC)) {
      if (spec!.startsWith('.')) visit(resolveFile(resolve(dirname(file), spec!)));
      else packages.add(spec!);
    }
  };
  visit(resolve(root, entry));
  return { files, packages };
}

it('keeps the main entry free of the validator and of packages', () => {
  const { files, packages } = staticGraph('src/index.ts');
  expect(
    [...files].filter((f) => f.includes('/src/training-data/') || f.includes('/src/node/')),
  ).toEqual([]);
  expect([...packages]).toEqual([]);
});

it('imports gpt-tokenizer only lazily from the training-data entry', () => {
  const { files, packages } = staticGraph('src/training-data/index.ts');
  expect([...packages]).toEqual([]);
  const dynamic = [...files].flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]),
  );
  // ./otel.ts: the telemetry (src/telemetry/switch.ts), loaded only once an OpenTelemetry
  // provider is registered; it imports `@opentelemetry/api` and nothing of the validator.
  expect(dynamic.sort()).toEqual([
    './otel.ts',
    'gpt-tokenizer/encoding/cl100k_base',
    'gpt-tokenizer/encoding/o200k_base',
  ]);
});
