// Cold start: a fresh `node` process that imports the built package (dist/, as installed) and
// constructs a client, against an empty `node` start, and the official `openai` package doing the
// same. Child processes in interleaved rounds; medians. What the SDK adds is sdk - baseline.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../scripts/lib/project.ts';
import { interleave, type BenchCase } from '../lib.ts';

const ROUNDS = 30;

function node(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited ${code}`)),
    );
  });
}

const esm = (source: string) => node(['--input-type=module', '-e', source]);

const run: BenchCase = async () => {
  // bench/run.ts has just built dist/ from the current sources.
  const dist = pathToFileURL(`${ROOT}/dist/index.js`).href;
  const cjs = `${ROOT}/dist/index.cjs`;
  const medians = await interleave(
    ROUNDS,
    {
      empty: () => esm(''),
      // Node loads its fetch (undici) on first touch of Request/Headers/Response; any client pays
      // it at its first request. The SDK leaves it until then (the generated client's default
      // instance, which the facade does not use, builds Headers when it is created).
      'node + fetch': () => esm('globalThis.Headers;'),
      sdk: () =>
        esm(
          `import { FineTuning } from ${JSON.stringify(dist)}; new FineTuning({ apiKey: 'sk-bench' });`,
        ),
      'sdk (require)': () =>
        node([
          '-e',
          `const { FineTuning } = require(${JSON.stringify(cjs)}); new FineTuning({ apiKey: 'sk-bench' });`,
        ]),
      openai: () => esm(`import OpenAI from 'openai'; new OpenAI({ apiKey: 'sk-bench' });`),
    },
    3,
  );
  const added = (ms: number) => ms - medians.empty!;
  return [
    {
      name: 'cold start: node + import + new client',
      unit: 'ms',
      baseline: medians.empty!,
      sdk: medians.sdk!,
      ratio: medians.sdk! / medians.empty!,
      others: {
        'node + fetch loaded': medians['node + fetch']!,
        'sdk via require': medians['sdk (require)']!,
        openai: medians.openai!,
      },
      note:
        `baseline: empty node; SDK adds ${added(medians.sdk!).toFixed(1)} ms (target <= 15), ` +
        `fetch itself is loaded at the first request (node + fetch loaded adds ${added(medians['node + fetch']!).toFixed(1)} ms); openai adds ${added(medians.openai!).toFixed(1)} ms`,
    },
  ];
};

export default run;
