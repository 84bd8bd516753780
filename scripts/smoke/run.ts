// npm run test:runtimes: the runtime matrix. Packs the package (`npm pack`, which builds dist/
// through `prepack`), installs the tarball into a fresh temporary project, starts the local
// server from the installed `openai-fine-tuning/testing`, and runs one create → retrieve →
// paginate flow (fixture/steps.mjs) on Node 20 (this one), 22 and 24 with both `import` and
// `require`, on Bun, on Deno, and in headless Chromium; and type-checks the declarations with
// TypeScript 5, 6 and 7 (scripts/smoke/types.ts). It fetches the runtimes itself
// (`npx -y node@22`, `bun`, `deno`). It installs no browser: Chromium comes from `.ci/run` on CI
// (CI=true); elsewhere, without one, its row is skipped, loudly (scripts/smoke/chromium.ts).
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { ROOT } from '../lib/project.ts';
import { chromiumPlan } from './chromium.ts';
import { checkTypes, TYPESCRIPT_VERSIONS } from './types.ts';

const FIXTURE = join(ROOT, 'scripts', 'smoke', 'fixture');
const TIMEOUT_MS = 180_000;

interface Outcome {
  runtime: string;
  ok: boolean;
  /** Not run (a developer's machine without Chromium): not a failure, but said in the table. */
  skipped?: boolean;
  detail: string;
  ms: number;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(timed out after ${options.timeoutMs ?? TIMEOUT_MS} ms)`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The flow's JSON line from a runtime's stdout, or why there is none. */
function verdict(runtime: string, started: number, result: Run): Outcome {
  const line = result.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  const ms = Math.round(performance.now() - started);
  try {
    const parsed = JSON.parse(line ?? '') as {
      ok?: boolean;
      jobsPaged?: number;
      eventsPaged?: number;
      followed?: string;
      error?: string;
    };
    if (result.code === 0 && parsed.ok)
      return {
        runtime,
        ok: true,
        detail: `${parsed.jobsPaged} jobs, ${parsed.eventsPaged} events paged, followed (first update: ${parsed.followed})`,
        ms,
      };
    return { runtime, ok: false, detail: parsed.error ?? `exit ${result.code}`, ms };
  } catch {
    const tail = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-12).join('\n');
    return { runtime, ok: false, detail: `exit ${result.code}: ${tail}`, ms };
  }
}

async function pack(into: string): Promise<string> {
  const result = await run('npm', ['pack', '--json', '--pack-destination', into], { cwd: ROOT });
  if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
  const [info] = JSON.parse(result.stdout.slice(result.stdout.search(/^\[\s*$/m))) as Array<{
    filename: string;
  }>;
  return join(into, info!.filename);
}

async function installInto(project: string, tarball: string): Promise<void> {
  await mkdir(project, { recursive: true });
  await writeFile(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'smoke-app', private: true, version: '0.0.0' }, null, 2)}\n`,
  );
  const result = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball],
    { cwd: project },
  );
  if (result.code !== 0) throw new Error(`npm install of the tarball failed:\n${result.stderr}`);
  for (const file of ['steps.mjs', 'esm.mjs', 'cjs.cjs', 'server.mjs', 'page.html'])
    await copyFile(join(FIXTURE, file), join(project, file));
}

/** Starts fixture/server.mjs (the installed /testing entry) and resolves with its address. */
async function startServer(
  project: string,
): Promise<{ baseUrl: string; apiKey: string; stop: () => void }> {
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: project,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const address = await new Promise<{ baseUrl: string; apiKey: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the local server did not start: ${err}`)),
      30_000,
    );
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(out.split('\n')[0]!));
      }
    });
    child.once('exit', (code) => reject(new Error(`the local server exited ${code}: ${err}`)));
  });
  return { ...address, stop: () => child.kill('SIGTERM') };
}

/** The installed `openai-fine-tuning-server` executable starts, serves and stops. */
async function checkServerBin(project: string): Promise<Outcome> {
  const started = performance.now();
  const bin = join(project, 'node_modules', '.bin', 'openai-fine-tuning-server');
  const child = spawn(bin, ['--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = out.match(/OPENAI_BASE_URL=(\S+)/);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const res = await fetch(`${baseUrl}/fine_tuning/jobs`, {
      headers: { authorization: 'Bearer sk-local-test' },
    });
    const body = (await res.json()) as { object?: string };
    const ok = res.status === 200 && body.object === 'list';
    return {
      runtime: 'bin openai-fine-tuning-server',
      ok,
      detail: ok ? 'served GET /fine_tuning/jobs' : `answered ${res.status}`,
      ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    return {
      runtime: 'bin openai-fine-tuning-server',
      ok: false,
      detail: String(error),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
};

/** Serves the temporary project's files (the page, the flow, node_modules/) to the browser. */
async function staticServer(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      const body = await readFile(join(root, path));
      res
        .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function chromium(
  project: string,
  api: { baseUrl: string; apiKey: string },
): Promise<Outcome> {
  const started = performance.now();
  const plan = chromiumPlan(process.env, existsSync);
  if (plan.kind !== 'run') {
    const skipped = plan.kind === 'skip';
    process.stderr.write(`\n*** ${skipped ? 'SKIPPED' : 'FAILED'}: ${plan.detail}\n\n`);
    return { runtime: 'Chromium (headless)', ok: skipped, skipped, detail: plan.detail, ms: 0 };
  }
  const { chromium: launcher } = await import('playwright-core');
  const site = await staticServer(project);
  const profile = await mkdtemp(join(tmpdir(), 'oft-chromium-'));
  // An empty profile of its own (playwright passes it as --user-data-dir).
  const browser = await launcher.launchPersistentContext(profile, {
    executablePath: plan.path,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const query = new URLSearchParams(api).toString();
    await page.goto(`${site.url}/page.html?${query}`);
    await page.waitForFunction(() => 'smoke' in window, undefined, { timeout: 30_000 });
    const line = (await page.evaluate(
      () => (window as unknown as { smoke: Promise<string> }).smoke,
    )) as string;
    const version =
      (await page.evaluate(() => navigator.userAgent)).match(/Chrome\/(\S+)/)?.[1] ?? '?';
    const outcome = verdict(`Chromium ${version} (headless)`, started, {
      code: 0,
      stdout: line,
      stderr: errors.join('\n'),
    });
    return outcome;
  } catch (error) {
    return {
      runtime: 'Chromium (headless)',
      ok: false,
      detail: String(error),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await browser.close();
    site.server.close();
    await rm(profile, { recursive: true, force: true });
  }
}

async function version(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, { cwd, timeoutMs: TIMEOUT_MS });
  // `node --version` prints v22.x; `bun --version` 1.x; `deno --version` "deno 2.x (…)" first.
  return (
    result.stdout
      .trim()
      .split('\n')[0]
      ?.replace(/^deno /, '')
      .split(' ')[0] ?? '?'
  );
}

const work = await mkdtemp(join(tmpdir(), 'oft-smoke-'));
const project = join(work, 'app');
const outcomes: Outcome[] = [];
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  process.stderr.write('packing and installing the tarball…\n');
  const tarball = await pack(work);
  await installInto(project, tarball);
  server = await startServer(project);
  const env = { SMOKE_BASE_URL: server.baseUrl, SMOKE_API_KEY: server.apiKey };
  const node22 = ['-y', 'node@22'];
  const node24 = ['-y', 'node@24'];
  const runtimes: Array<{ name: () => Promise<string>; command: string; args: string[] }> = [
    {
      name: async () => `Node ${process.version} import`,
      command: process.execPath,
      args: ['esm.mjs'],
    },
    {
      name: async () => `Node ${process.version} require`,
      command: process.execPath,
      args: ['cjs.cjs'],
    },
    {
      name: async () => `Node ${await version('npx', [...node22, '--version'], project)} import`,
      command: 'npx',
      args: [...node22, 'esm.mjs'],
    },
    {
      name: async () => `Node ${await version('npx', [...node22, '--version'], project)} require`,
      command: 'npx',
      args: [...node22, 'cjs.cjs'],
    },
    {
      name: async () => `Node ${await version('npx', [...node24, '--version'], project)} import`,
      command: 'npx',
      args: [...node24, 'esm.mjs'],
    },
    {
      name: async () => `Node ${await version('npx', [...node24, '--version'], project)} require`,
      command: 'npx',
      args: [...node24, 'cjs.cjs'],
    },
    {
      name: async () => `Bun ${await version('npx', ['-y', 'bun', '--version'], project)} import`,
      command: 'npx',
      args: ['-y', 'bun', 'esm.mjs'],
    },
    {
      name: async () => `Bun ${await version('npx', ['-y', 'bun', '--version'], project)} require`,
      command: 'npx',
      args: ['-y', 'bun', 'cjs.cjs'],
    },
    {
      name: async () => `Deno ${await version('npx', ['-y', 'deno', '--version'], project)} import`,
      command: 'npx',
      args: ['-y', 'deno', 'run', '--allow-net', '--allow-env', '--allow-read', 'esm.mjs'],
    },
  ];
  for (const runtime of runtimes) {
    const name = await runtime.name();
    process.stderr.write(`${name}…\n`);
    const started = performance.now();
    outcomes.push(
      verdict(name, started, await run(runtime.command, runtime.args, { cwd: project, env })),
    );
  }
  process.stderr.write('Chromium…\n');
  outcomes.push(await chromium(project, server));
  outcomes.push(await checkServerBin(project));
  // The declarations, as TypeScript 5, 6 and 7 see them in a consumer with @types/node.
  for (const version of TYPESCRIPT_VERSIONS) {
    process.stderr.write(`TypeScript ${version} declarations…\n`);
    outcomes.push(await checkTypes(tarball, work, version));
  }
} finally {
  server?.stop();
  await rm(work, { recursive: true, force: true });
}

const width = Math.max(...outcomes.map((o) => o.runtime.length));
console.log(
  `| ${'runtime'.padEnd(width)} | result | flow (upload → create → retrieve → paginate → follow) |`,
);
console.log(`|${'-'.repeat(width + 2)}|--------|------|`);
for (const o of outcomes)
  console.log(
    `| ${o.runtime.padEnd(width)} | ${o.skipped ? 'SKIP  ' : o.ok ? 'pass  ' : 'FAIL  '} | ${o.detail.split('\n').join(' / ')} (${o.ms} ms) |`,
  );
for (const o of outcomes.filter((o) => o.skipped))
  console.error(`\nSKIPPED ${o.runtime}: ${o.detail}`);
const failed = outcomes.filter((o) => !o.ok);
if (failed.length) {
  console.error(`\n${failed.length} of ${outcomes.length} runtime checks failed.`);
  process.exit(1);
}
