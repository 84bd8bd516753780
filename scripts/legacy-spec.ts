// npm run spec:legacy [-- --out <file>]
// Reads the pinned legacy /fine-tunes extract and writes openapi/legacy-fine-tunes.yaml.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LEGACY_HEADER, LEGACY_SPEC, LEGACY_UPSTREAM_DIR, legacySpec } from './lib/legacy.ts';
import { provenanceOf, readPinned } from './lib/project.ts';
import { parseOpenApi, readSpecSource } from './lib/source.ts';
import { toYaml } from './lib/yaml-out.ts';

/** Cleans the pinned legacy extract and returns the YAML text. */
export async function legacyToText(): Promise<string> {
  const pinned = await readPinned(LEGACY_UPSTREAM_DIR);
  const source = await readSpecSource(pinned.location);
  if (source.sha256 !== pinned.sha256) {
    throw new Error(
      `the pinned legacy extract ${pinned.file} does not match its recorded sha256 (${pinned.sha256}); restore it from git`,
    );
  }
  const doc = parseOpenApi(source.text, pinned.file);
  return toYaml(
    legacySpec(doc, provenanceOf(pinned, pinned.location, source.sha256)),
    LEGACY_HEADER,
  );
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('usage: npm run spec:legacy [-- --out <file>]');
    return;
  }
  const out = values.out ?? LEGACY_SPEC;
  await writeFile(out, await legacyToText());
  console.log(`wrote ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`spec:legacy failed: ${error.message}`);
    process.exit(1);
  });
}
