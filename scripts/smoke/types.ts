// The packed package's declarations as its users' compilers see them: a consumer project (the
// tarball, @types/node, and one TypeScript version) type-checks fixture/types/consumer.mts (ESM)
// and consumer.cts (CommonJS) with `strict` and the default `types`, on TypeScript 5, 6 and 7.
// From TypeScript 6 on the default `types` is empty: a declaration that uses Node's types must
// say so itself (dist/node.d.ts carries `/// <reference types="node" />`, see tsdown.config.ts).
// Part of the runtime matrix (run.ts); alone: `npx tsx scripts/smoke/types.ts` packs and checks.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../lib/project.ts';

/** The TypeScript versions users have: the last 5.x, 6.x and 7.x (exact, so a run is repeatable). */
export const TYPESCRIPT_VERSIONS = ['5.9.3', '6.0.3', '7.0.2'] as const;
/** @types/node as the project pins it (the oldest Node it supports). */
const TYPES_NODE = '20.19.43';
const FIXTURE = join(ROOT, 'scripts', 'smoke', 'fixture', 'types');

export interface TypesOutcome {
  runtime: string;
  ok: boolean;
  detail: string;
  ms: number;
}

function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Type-checks the consumer against `tarball` with TypeScript `version`. */
export async function checkTypes(
  tarball: string,
  work: string,
  version: string,
): Promise<TypesOutcome> {
  const started = performance.now();
  const name = `TypeScript ${version} (strict, default types)`;
  const project = join(work, `types-${version}`);
  await mkdir(project, { recursive: true });
  await writeFile(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'types-app', private: true, version: '0.0.0', type: 'module' }, null, 2)}\n`,
  );
  await writeFile(
    join(project, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
        },
        files: ['consumer.mts', 'consumer.cts'],
      },
      null,
      2,
    )}\n`,
  );
  for (const file of ['consumer.mts', 'consumer.cts'])
    await copyFile(join(FIXTURE, file), join(project, file));
  const ms = () => Math.round(performance.now() - started);
  const install = await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      tarball,
      `typescript@${version}`,
      `@types/node@${TYPES_NODE}`,
    ],
    project,
  );
  if (install.code !== 0)
    return {
      runtime: name,
      ok: false,
      detail: `npm install failed: ${tail(install.out)}`,
      ms: ms(),
    };
  const tsc = await run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], project);
  const ok = tsc.code === 0;
  return {
    runtime: name,
    ok,
    detail: ok ? 'consumer.mts (ESM) and consumer.cts (CJS) type-check' : tail(tsc.out),
    ms: ms(),
  };
}

const tail = (text: string) => text.trim().split('\n').slice(-8).join(' / ');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const work = await mkdtemp(join(tmpdir(), 'oft-types-'));
  try {
    const packed = await run('npm', ['pack', '--json', '--pack-destination', work], ROOT);
    if (packed.code !== 0) throw new Error(`npm pack failed: ${tail(packed.out)}`);
    const [info] = JSON.parse(packed.out.slice(packed.out.search(/^\[\s*$/m))) as Array<{
      filename: string;
    }>;
    let failed = 0;
    for (const version of TYPESCRIPT_VERSIONS) {
      const o = await checkTypes(join(work, info!.filename), work, version);
      if (!o.ok) failed += 1;
      console.log(`| ${o.runtime} | ${o.ok ? 'pass' : 'FAIL'} | ${o.detail} (${o.ms} ms) |`);
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
