// npm run generate: runs @hey-api/openapi-ts as openapi-ts.config.ts declares, then writes the
// "do not edit" README. `generate(root)` reads `<root>/openapi/…` and writes `<root>/generated/…`,
// which is how the drift check generates into a temporary folder.
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { createClient, type UserConfig } from '@hey-api/openapi-ts';
import config from '../openapi-ts.config.ts';
import { ROOT } from './lib/project.ts';

const README = `# generated/

Everything in this folder is written by \`npm run generate\` (@hey-api/openapi-ts, configured in
\`openapi-ts.config.ts\`): the top level from \`openapi/fine-tuning.yaml\`, and \`legacy/\` (the
deprecated \`/fine-tunes\` API, used by \`src/legacy/\`) from \`openapi/legacy-fine-tunes.yaml\`.
**Do not edit it by hand**: change a spec (through \`scripts/trim-spec.ts\` or
\`scripts/legacy-spec.ts\`) or the generator configuration, then regenerate.
\`npm run check:drift\` (part of \`npm test\`) fails when this folder differs from what generation gives.
`;

const NO_CONFIG_FILE = relative(
  process.cwd(),
  join(ROOT, 'scripts', 'generate', 'no-config-file.ts'),
);

const rebase = (root: string, path: string) =>
  isAbsolute(path) ? join(root, relative(ROOT, path)) : join(root, path);

async function jobsOf(root: string): Promise<UserConfig[]> {
  const resolved = await config;
  const jobs = (Array.isArray(resolved) ? resolved : [resolved]) as UserConfig[];
  return jobs.map((job) => {
    // This project's config gives each job one output folder, as a string or `{ path }`.
    const output = (typeof job.output === 'string' ? { path: job.output } : job.output) as {
      path: string;
    };
    const input = typeof job.input === 'string' ? rebase(root, job.input) : job.input;
    return {
      ...job,
      input,
      output: { ...output, path: rebase(root, output.path) },
      // Each job alone: without a config file of its own, createClient would read
      // openapi-ts.config.ts again and merge each of its jobs with this one (a job without
      // `parser` filters took another job's, and three writers raced on one folder).
      configFile: NO_CONFIG_FILE,
    } as UserConfig;
  });
}

/** Generates every job of openapi-ts.config.ts under `root`; returns the output folders. */
export async function generate(root = ROOT, { quiet = root !== ROOT } = {}): Promise<string[]> {
  // Generating into a temporary root (the drift check) prints nothing of the generator's progress.
  const jobs = (await jobsOf(root)).map((job) =>
    quiet ? { ...job, logs: { file: false, level: 'silent' as const } } : job,
  );
  // One after another: the first job's output folder holds the others, and cleaning it while a
  // nested job writes (createClient runs a list of jobs in parallel) would lose that job's files.
  for (const job of jobs) await createClient(job);
  const outputs = jobs.map((job) => (job.output as { path: string }).path);
  const top = join(root, 'generated');
  await writeFile(join(top, 'README.md'), README);
  return outputs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  generate()
    .then((outputs) => console.log(`generated ${outputs.map((o) => relative(ROOT, o)).join(', ')}`))
    .catch((error: Error) => {
      console.error(`generate failed: ${error.message}`);
      process.exit(1);
    });
}
