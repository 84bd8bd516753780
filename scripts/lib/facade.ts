// What the facade (src/resources/*.ts) exposes, read from its source, and its type check.
//
// Each resource method calls one generated operation function (`call(this.#client, createFineTuningJob, …)`),
// and the generated function is named after the operation id. Reading the source (rather than
// importing it) works even when the regenerated code no longer compiles with the facade.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface FacadeMethod {
  /** `jobs.create`: how a user calls it on a `FineTuning` instance. */
  name: string;
  /** The generated function it calls, which is the operation id. */
  operation: string;
  file: string;
}

/** Classes reached through another group (the rest are named after their file). */
const NESTED_GROUPS: Record<string, string> = {
  EvalRuns: 'evals.runs',
  EvalOutputItems: 'evals.runs.outputItems',
};

const GENERATED_IMPORT = /import\s*{([^}]*)}\s*from\s*'[^']*generated\/(?:evals\/)?sdk\.gen\.ts'/;
const GENERATED_NAMESPACE =
  /import\s*\*\s*as\s+\w+\s+from\s*'([^']*generated\/(?:evals\/)?sdk\.gen\.ts)'/;

/** Lists `<resource>.<method>` → generated operation for every file in `<root>/src/resources/`. */
export async function facadeMethods(root: string): Promise<FacadeMethod[]> {
  const dir = join(root, 'src', 'resources');
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const out: FacadeMethod[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    // The Evals API's functions (generated/evals/) reach src/resources/evals.ts through
    // eval-operations.ts, which loads with it on first use; its methods name them by operation id.
    const viaOperations = /from\s*'\.\/eval-operations\.ts'/.test(text)
      ? await readFile(join(dir, 'eval-operations.ts'), 'utf8')
      : '';
    const operations = (
      await Promise.all(
        [text, viaOperations].map(async (source) => {
          const imported = GENERATED_IMPORT.exec(source);
          if (imported)
            return imported[1]!
              .split(',')
              .map((s) => s.trim().split(/\s+as\s+/)[0]!)
              .filter(Boolean);
          // `import * as generated from '…/sdk.gen.ts'`: every function that file exports.
          const whole = GENERATED_NAMESPACE.exec(source);
          if (!whole) return [];
          const generated = await readFile(join(dir, whole[1]!), 'utf8').catch(() => '');
          return [...generated.matchAll(/^export const (\w+) = /gm)].map((m) => m[1]!);
        }),
      )
    ).flat();
    if (operations.length === 0 || file === 'eval-operations.ts') continue;
    const resource = file.replace(/\.ts$/, '');
    // A method starts at two-space indent with `name(`; its body runs to the next one.
    const starts = [
      ...text.matchAll(/^ {2}(?:async\s+)?([a-zA-Z_$][\w$]*)\s*(?:<[^>]*>)?\(/gm),
    ].filter((m) => m[1] !== 'constructor');
    const classes = [...text.matchAll(/^export class (\w+)/gm)];
    for (const [i, match] of starts.entries()) {
      const body = text.slice(match.index, starts[i + 1]?.index ?? text.length);
      // The group a method is called through: `ft.evals.runs.create` is EvalRuns' `create`.
      const owner = classes.filter((c) => c.index! < match.index!).at(-1)?.[1];
      const group = (owner && NESTED_GROUPS[owner]) ?? resource;
      for (const operation of operations) {
        if (new RegExp(`\\b${operation}\\b`).test(body)) {
          out.push({ name: `${group}.${match[1]}`, operation, file: `src/resources/${file}` });
        }
      }
      // A method whose call loads on first use (`import('../upload/form.ts').then(({ sendFile })
      // => …)`): the generated functions that module imports (not `import type`) are its own.
      for (const lazy of body.matchAll(/import\('(\.\.?\/[^']+\.ts)'\)/g)) {
        const source = await readFile(join(dir, lazy[1]!), 'utf8').catch(() => '');
        const imported = GENERATED_IMPORT.exec(source);
        for (const operation of imported ? imported[1]!.split(',') : []) {
          const name = operation.trim().split(/\s+as\s+/)[0]!;
          if (name)
            out.push({
              name: `${group}.${match[1]}`,
              operation: name,
              file: `src/resources/${file}`,
            });
        }
      }
    }
  }
  return out;
}

export interface TypeCheckError {
  file: string;
  line: number;
  code: string;
  message: string;
}

export interface TypeCheck {
  ok: boolean;
  errors: TypeCheckError[];
  /** Set when tsc itself could not run. */
  failure?: string;
}

/** Runs `tsc --noEmit` on the project at `root` and parses its errors. */
export function typeCheck(root: string): Promise<TypeCheck> {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc, '--noEmit', '--pretty', 'false', '-p', root],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const errors: TypeCheckError[] = [];
        for (const line of stdout.split('\n')) {
          const m = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line.trim());
          if (m)
            errors.push({
              file: relative(root, join(root, m[1]!)).split('\\').join('/'),
              line: Number(m[2]),
              code: m[3]!,
              message: m[4]!,
            });
        }
        if (error && errors.length === 0) {
          resolve({
            ok: false,
            errors,
            failure: (stderr || stdout || error.message).trim().split('\n').slice(0, 5).join('\n'),
          });
        } else resolve({ ok: errors.length === 0, errors });
      },
    );
  });
}
