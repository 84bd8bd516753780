// npm run spec:trim [-- <path-or-url>] [--out <file>]
// Reads an upstream OpenAI spec (the pinned snapshot by default) and writes openapi/fine-tuning.yaml.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { provenanceOf, readPinned, TRIM_HEADER, TRIMMED_SPEC } from './lib/project.ts';
import { parseOpenApi, readSpecSource } from './lib/source.ts';
import { trimSpec } from './lib/trim.ts';
import { toYaml } from './lib/yaml-out.ts';

/** Trims the spec at `location` (or the pinned one) and returns the YAML text. */
export async function trimToText(location?: string): Promise<string> {
  const pinned = await readPinned();
  const source = await readSpecSource(location ?? pinned.location);
  const isPinned = location === undefined || source.sha256 === pinned.sha256;
  if (location === undefined && source.sha256 !== pinned.sha256) {
    throw new Error(
      `the pinned upstream ${pinned.file} does not match its recorded sha256 (${pinned.sha256}); ` +
        'restore it from git or pin a new one with `npm run spec:update`',
    );
  }
  const doc = parseOpenApi(source.text, location ?? pinned.file);
  const provenance = provenanceOf(
    isPinned ? pinned : undefined,
    isPinned ? pinned.location : source.location,
    source.sha256,
  );
  return toYaml(trimSpec(doc, { provenance }), TRIM_HEADER);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('usage: npm run spec:trim [-- <upstream path or URL>] [--out <file>]');
    return;
  }
  const out = values.out ?? TRIMMED_SPEC;
  await writeFile(out, await trimToText(positionals[0]));
  console.log(`wrote ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`spec:trim failed: ${error.message}`);
    process.exit(1);
  });
}
