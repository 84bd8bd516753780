// Every ```ts block of README.md and docs/*.md runs here, as an ES module, against a fresh local
// server: OPENAI_BASE_URL points at it, OPENAI_API_KEY and OPENAI_ADMIN_KEY hold its keys (for
// docs/azure.md the server runs in Azure mode and the AZURE_* variables point at it), and the
// working directory is an empty temporary folder. The package's imports resolve to the sources
// (vitest.config.ts). Blocks fenced ```ts live need the real API and are only type-checked; every
// block is type-checked. A failure names the Markdown file and line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startLocalServer } from '../../src/testing/index.ts';
import { allBlocks, type DocBlock } from '../helpers/doc-blocks.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository (git-ignored), so vitest transforms the blocks and resolves the aliases.
const OUT = join(ROOT, '.tmp', 'docs-examples');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const blocks = allBlocks(ROOT);
const fileOf = new Map<string, DocBlock>();
for (const block of blocks) {
  const path = join(OUT, `${block.file.replace(/[\\/]/g, '__')}-L${block.line}.ts`);
  // `export {}` makes a block without imports a module too, so blocks never share a scope.
  writeFileSync(path, `${block.code}export {};\n`);
  fileOf.set(path, block);
}

/** `README.md:123` for line `n` (1-based) of a block's code. */
function where(block: DocBlock, n: number): string {
  return `${block.file}:${block.line + n}`;
}

/** Rewrites the temporary file's positions in a stack into the Markdown file's lines. */
function mapStack(path: string, block: DocBlock, stack: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return stack.replace(
    new RegExp(`(?:file://)?${escaped}:(\\d+)(?::\\d+)?`, 'g'),
    (_m, n: string) => where(block, Number(n)),
  );
}

describe('documentation examples', () => {
  it('finds the README and the guides', () => {
    expect(blocks.some((b) => b.file === 'README.md')).toBe(true);
  });

  it('every block type-checks', () => {
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram([...fileOf.keys()], {
      ...options,
      noEmit: true,
      noUnusedLocals: false,
    });
    const problems: string[] = [];
    for (const [path, block] of fileOf) {
      const source = program.getSourceFile(path);
      if (!source) throw new Error(`the type checker did not load ${path}`);
      for (const d of [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ]) {
        const line =
          d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1;
        problems.push(
          `${where(block, line)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        );
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  const runnable = [...fileOf].filter(([, b]) => !b.live);
  const cwd = process.cwd();
  const env = { ...process.env };
  afterAll(() => {
    process.chdir(cwd);
    process.env = env;
  });

  it.each(runnable.map(([path, block]) => ({ name: `${block.file}:${block.line}`, path, block })))(
    '$name runs',
    async ({ path, block }) => {
      // Real time with no time per phase: a job created here has run to its end by the next request,
      // so waiting on it takes one poll. A block that needs a job still running starts its own server
      // with the manual clock (startLocalServer({ clock: 'manual' })).
      // docs/azure.md runs against the server in Azure mode, with the Azure environment.
      const azure = block.file === 'docs/azure.md';
      const server = await startLocalServer({
        timing: { validatingMs: 0, queuedMs: 0, stepMs: 0 },
        azure,
      });
      const dir = mkdtempSync(join(tmpdir(), 'docs-example-'));
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        process.env = {
          ...env,
          OPENAI_BASE_URL: server.baseUrl,
          OPENAI_API_KEY: server.apiKey,
          OPENAI_ADMIN_KEY: server.adminApiKey,
          ...(server.azure && {
            AZURE_OPENAI_ENDPOINT: server.azure.endpoint,
            AZURE_OPENAI_API_KEY: server.azure.apiKey,
            OPENAI_API_VERSION: server.azure.apiVersion,
            AZURE_SUBSCRIPTION_ID: server.azure.management.subscriptionId,
            AZURE_RESOURCE_GROUP: server.azure.management.resourceGroup,
            AZURE_OPENAI_ACCOUNT: server.azure.management.accountName,
            // What a credential would give; the guide's blocks read them as their token providers.
            AZURE_MANAGEMENT_ENDPOINT: server.azure.management.endpoint,
            AZURE_MANAGEMENT_TOKEN: server.azure.management.token,
            AZURE_ENTRA_TOKEN: server.azure.entraToken,
          }),
        };
        delete process.env.OPENAI_ORG_ID;
        delete process.env.OPENAI_PROJECT_ID;
        process.chdir(dir);
        await import(pathToFileURL(path).href);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        const failure = new Error(
          `${block.file}:${block.line}: the example failed: ${err.message}\n${mapStack(path, block, err.stack ?? '')}`,
          { cause: e },
        );
        throw failure;
      } finally {
        log.mockRestore();
        error.mockRestore();
        process.chdir(cwd);
        process.env = { ...env };
        rmSync(dir, { recursive: true, force: true });
        await server.close();
      }
    },
  );
});
