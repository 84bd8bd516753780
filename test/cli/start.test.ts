// What `openai-ft` loads before it runs a command (#32: a start within 1.3x of an empty `node`).
// `--version` is answered without the argument parser; the program loads only the code of the
// command that runs. Read from the built executable (the files that ship): the static imports of
// a chunk are what loading it loads, whatever the machine's speed.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enableCompileCache } from '../../src/cli/compile-cache.ts';
import { addGlobalOptions } from '../../src/cli/globals.ts';
import { commandOf } from '../../src/cli/program.ts';
import { API_KEY, startFakeApi, type FakeApi } from './helpers/fake-api.ts';
import { cli } from './helpers/run-cli.ts';
import packageJson from '../../package.json' with { type: 'json' };

const dir = () => dirname(inject('cliBin'));
const source = (file: string) => readFileSync(join(dir(), file), 'utf8');

/** The files loading `file` loads: its static imports, and theirs (not its `import()`s). */
function staticClosure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const [, imported] of source(name).matchAll(
      /^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)";?$/gms,
    ))
      visit(imported!);
    for (const [, imported] of source(name).matchAll(/^import\s*"\.\/([^"]+)";?$/gm))
      visit(imported!);
  };
  visit(file);
  return [...seen];
}

/** The bundled modules (`//#region <path>`) in those files. */
const modulesIn = (files: string[]) =>
  files.flatMap((f) => [...source(f).matchAll(/^\/\/#region (\S+)/gm)].map(([, path]) => path!));

/** The chunk the bundler put `module` in. */
function chunkOf(module: string): string {
  const file = readdirSync(dir()).find(
    (f) => f.endsWith('.mjs') && source(f).includes(`//#region ${module}\n`),
  );
  if (!file) throw new Error(`no chunk holds ${module}`);
  return file;
}

describe('what openai-ft loads', () => {
  it('--version: neither commander nor the program', () => {
    const loaded = modulesIn(staticClosure('cli.mjs'));
    expect(loaded).toContain('src/cli/bin.ts');
    expect(loaded.filter((m) => /commander|src\/cli\/program\.ts/.test(m))).toEqual([]);
  });

  it('the program: commander and the global flags, no command', () => {
    const loaded = modulesIn(staticClosure(chunkOf('src/cli/program.ts')));
    expect(loaded.some((m) => m.includes('node_modules/commander/'))).toBe(true);
    expect(
      loaded.filter((m) => m.startsWith('src/cli/commands/') && !m.endsWith('/act.ts')),
    ).toEqual([]);
  });

  it('`jobs`: the client, not the validator, the upload, the local server nor the live view', () => {
    const loaded = modulesIn(staticClosure(chunkOf('src/cli/commands/jobs.ts')));
    expect(loaded).toContain('src/client.ts');
    expect(
      loaded.filter((m) =>
        /^src\/(training-data|node|upload|testing|report)\/|commands\/(job-request|files|follow)\.ts$|live\/view\.ts$/.test(
          m,
        ),
      ),
    ).toEqual([]);
  });
});

describe('commandOf: the command argv names, past the global flags', () => {
  const program = addGlobalOptions(new Command('openai-ft'));
  it.each([
    [['jobs', 'list'], 'jobs'],
    [['--base-url', 'http://127.0.0.1:1/v1', '--api-key', 'sk-x', 'jobs', 'list'], 'jobs'],
    [['--json', '-q', 'files', 'list'], 'files'],
    [['--api-key=sk-x', 'models', 'list'], 'models'],
    [['--org', 'validate', 'jobs', 'list'], 'jobs'],
    // A word that is a flag's value or not a command: every command is loaded.
    [['--api-key', 'jobs'], undefined],
    [['help', 'jobs'], undefined],
    [['jbos', 'list'], undefined],
    [['--help'], undefined],
    [[], undefined],
    [['--', 'jobs'], undefined],
  ] as const)('%j: %s', (argv, expected) => {
    expect(commandOf(argv, program)).toBe(expected);
  });
});

describe('enableCompileCache: Node’s compile cache where the runtime has it', () => {
  it('turns it on when the runtime has the function', () => {
    let calls = 0;
    expect(enableCompileCache({ enableCompileCache: () => calls++ })).toBe(true);
    expect(calls).toBe(1);
  });
  it('does nothing on a runtime without it (Node 20)', () => {
    expect(enableCompileCache({})).toBe(false);
  });
  it('goes on without it when the cache cannot be used', () => {
    expect(
      enableCompileCache({
        enableCompileCache: () => {
          throw new Error('EACCES');
        },
      }),
    ).toBe(false);
  });
});

describe('the commands run as before, loaded on use', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi();
  });
  afterAll(() => api.close());

  it('--version prints the version alone', async () => {
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('global flags with values before the command', async () => {
    const r = await cli(['--base-url', api.baseUrl, '--api-key', API_KEY, 'jobs', 'list', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(api.requests.at(-1)?.method).toBe('GET');
    expect(api.requests.at(-1)?.path).toBe('/fine_tuning/jobs?limit=20');
  });

  it('a typo in the command is answered with the whole program’s suggestion', async () => {
    const r = await cli(['jbos', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'jbos'");
    expect(r.stderr).toContain('(Did you mean jobs?)');
  });
});
