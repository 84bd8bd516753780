// What `npm ci` and `npm run build` print on the oldest Node the package supports: no EBADENGINE
// (every locked package's engines accept it), no install-scripts warning (every package with an
// install script is decided in allowScripts), and a build that starts without tsdown's
// "Node.js v20 is deprecated" line (scripts/build.ts calls tsdown's API, not its command).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as {
  packages: Record<
    string,
    { engines?: { node?: string } | string[]; hasInstallScript?: boolean; optional?: boolean }
  >;
};
// semver comes with npm's own tree (a dependency of several tools here); only its check is used.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

describe('install and build on the oldest supported Node', () => {
  const oldest = semver.minVersion(pkg.engines.node)!.version;

  it(`every locked package accepts Node ${oldest} (no EBADENGINE)`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.optional)
      .flatMap(([path, p]) => {
        const range = !Array.isArray(p.engines) ? p.engines?.node : undefined;
        return range && !semver.satisfies(oldest, range) ? [`${path} wants node ${range}`] : [];
      });
    expect(refusing).toEqual([]);
  });

  it('every package with an install script is decided in allowScripts', () => {
    const undecided = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .filter((name) => pkg.allowScripts?.[name] === undefined);
    expect(undecided).toEqual([]);
  });

  it('npm run build goes through tsdown’s API, not its command (which warns on Node 20)', () => {
    expect(pkg.scripts.build).toBe('tsx scripts/build.ts');
    expect(readFileSync(`${ROOT}scripts/build.ts`, 'utf8')).toContain("from 'tsdown'");
  });
});
