// npm run check:drift: proves each arrow of the pipeline. Rebuilds every spec from its pin (the
// trimmed main spec and the legacy /fine-tunes spec) and generates from the results, all into a
// temporary folder, and compares with what is committed.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { compareTrees, shortDiff, type Difference } from './lib/drift.ts';
import { LEGACY_SPEC } from './lib/legacy.ts';
import { GENERATED_DIR, ROOT, TRIMMED_SPEC } from './lib/project.ts';
import { generate } from './generate.ts';
import { legacyToText } from './legacy-spec.ts';
import { trimToText } from './trim-spec.ts';

/** Each spec under openapi/ and the function that rebuilds it from its pin. */
const SPECS: [path: string, build: () => Promise<string>][] = [
  [TRIMMED_SPEC, trimToText],
  [LEGACY_SPEC, legacyToText],
];

export async function checkDrift(root = ROOT): Promise<Difference[]> {
  const tmp = await mkdtemp(join(tmpdir(), 'oft-drift-'));
  try {
    const differences: Difference[] = [];
    await mkdir(join(tmp, 'openapi'), { recursive: true });
    for (const [spec, build] of SPECS) {
      const specPath = relative(ROOT, spec);
      const expectedSpec = await build();
      await writeFile(join(tmp, specPath), expectedSpec);
      const committedSpec = await readFile(join(root, specPath), 'utf8').catch(() => undefined);
      if (committedSpec === undefined) differences.push({ file: specPath, kind: 'missing' });
      else if (committedSpec !== expectedSpec) {
        differences.push({
          file: specPath,
          kind: 'changed',
          diff: shortDiff(expectedSpec, committedSpec),
        });
      }
    }
    await generate(tmp);
    const generated = relative(ROOT, GENERATED_DIR);
    differences.push(
      ...(await compareTrees(join(tmp, generated), join(root, generated), generated)),
    );
    return differences;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const EXPLAIN: Record<Difference['kind'], string> = {
  changed: 'differs from what its source gives',
  missing: 'is not committed',
  unexpected: 'is committed but not generated',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? ROOT;
  checkDrift(root)
    .then((differences) => {
      if (differences.length === 0) {
        console.log('check:drift: openapi/ and generated/ match their sources');
        return;
      }
      console.error(`check:drift: ${differences.length} file(s) out of step with their source:`);
      for (const d of differences) {
        console.error(`\n  ${d.file} ${EXPLAIN[d.kind]}`);
        if (d.diff) console.error(d.diff.replace(/^/gm, '    '));
      }
      console.error(
        '\nFix: never edit these by hand; run `npm run spec:trim && npm run generate` (after `npm run spec:legacy` for openapi/legacy-fine-tunes.yaml) and commit the result.',
      );
      process.exit(1);
    })
    .catch((error: Error) => {
      console.error(`check:drift failed: ${error.message}`);
      process.exit(2);
    });
}
