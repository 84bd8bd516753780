// The main entry stays free of runtime dependencies: only the testing subpath may load ajv,
// ajv-formats, yaml, @fastify/busboy (dependencies, so the server's executable runs from an install) and node: modules. Walks the import graph from each entry.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every bare specifier (package or node: module) reachable from `entry` through relative imports. */
function externalImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (path: string) => {
    // The generated code imports without extensions; the project's own code with `.ts`.
    const file = [path, `${path}.ts`, `${path}/index.ts`].find(
      (p) => existsSync(p) && statSync(p).isFile(),
    );
    if (!file) throw new Error(`Cannot resolve ${path}`);
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(
      /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm,
    )) {
      const spec = match[1]!;
      if (/^import\s+type\s/.test(match[0].trim()) || /^export\s+type\s/.test(match[0].trim()))
        continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else external.add(spec);
    }
  };
  visit(resolve(ROOT, entry));
  return external;
}

describe('runtime dependencies by entry', () => {
  it('the main entry imports nothing outside the package', () => {
    expect([...externalImports('src/index.ts')]).toEqual([]);
  });

  it('the legacy entry imports nothing outside the package either (web-standard APIs only)', () => {
    expect([...externalImports('src/legacy/index.ts')]).toEqual([]);
  });

  it('the report entry uses only node: modules and uplot, whose files it inlines into the page', () => {
    // uplot is read from disk (createRequire), not imported: the import graph has node: modules only.
    const all = [...externalImports('src/report/index.ts')];
    expect(all.every((s) => s.startsWith('node:'))).toBe(true);
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies.uplot).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.exports['./report']).toEqual({
      import: { types: './dist/report.d.ts', default: './dist/report.js' },
      require: { types: './dist/report.d.cts', default: './dist/report.cjs' },
    });
  });

  it('the testing entry uses only node: modules and its declared dependencies', () => {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
    const allowed = new Set(Object.keys(pkg.dependencies));
    const all = [...externalImports('src/testing/index.ts')];
    expect(all).toEqual(
      expect.arrayContaining([
        'ajv/dist/2020.js',
        'ajv-formats',
        'yaml',
        '@fastify/busboy',
        'node:http',
      ]),
    );
    // A package's name is the specifier's first segment, or its first two when scoped (`@fastify/busboy`).
    const packageName = (s: string) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/');
    const outside = all.filter((s) => !s.startsWith('node:') && !allowed.has(packageName(s)));
    expect(outside).toEqual([]);
    expect(pkg.exports['./testing']).toEqual({
      import: { types: './dist/testing.d.ts', default: './dist/testing.js' },
      require: { types: './dist/testing.d.cts', default: './dist/testing.cjs' },
    });
  });
});
