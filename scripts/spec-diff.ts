// npm run spec:diff -- <old> <new> [--markdown <file>] [--json <file>] [--fail-on-breaking]
// Prints what changed in the fine-tuning surface between two specs. Each may be a full upstream
// spec (trimmed in memory, as spec:trim would) or an already trimmed one. Changes nothing in the project.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildReport,
  formatJson,
  formatMarkdown,
  formatText,
  type ChangeReport,
} from './lib/change-report.ts';
import { facadeMethods } from './lib/facade.ts';
import { inferOrigin } from './lib/pin.ts';
import { provenanceOf, readPinned, ROOT } from './lib/project.ts';
import { parseOpenApi, readSpecSource, SpecInputError } from './lib/source.ts';
import { trimSpec } from './lib/trim.ts';

type Node = Record<string, unknown>;

/** Reads a spec and returns its trimmed form; a spec that carries `info.x-upstream` is trimmed already. */
export async function loadTrimmed(location: string): Promise<Node> {
  const source = await readSpecSource(location);
  const doc = parseOpenApi(source.text, location);
  const info = doc.info as Node | undefined;
  if (info && typeof info['x-upstream'] === 'object') return doc;
  const pinned = await readPinned().catch(() => undefined);
  const origin = inferOrigin(location);
  const known = pinned && pinned.sha256 === source.sha256 ? pinned : undefined;
  const provenance = provenanceOf(known, location, source.sha256);
  if (!known) {
    if (origin.commit) provenance.commit = origin.commit;
    if (origin.date) provenance.date = origin.date;
  }
  return trimSpec(doc, { provenance });
}

export async function diffReport(
  oldLocation: string,
  newLocation: string,
  root = ROOT,
): Promise<ChangeReport> {
  const [oldDoc, newDoc] = await Promise.all([loadTrimmed(oldLocation), loadTrimmed(newLocation)]);
  return buildReport(
    oldDoc,
    newDoc,
    { from: basename(oldLocation), to: basename(newLocation) },
    await facadeMethods(root),
  );
}

/** Writes the Markdown and JSON forms where asked. */
export async function writeReport(
  report: ChangeReport,
  paths: { markdown?: string; json?: string },
): Promise<string[]> {
  const written: string[] = [];
  for (const [path, text] of [
    [paths.markdown, formatMarkdown(report)],
    [paths.json, formatJson(report)],
  ] as const) {
    if (!path) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}

const USAGE =
  'usage: npm run spec:diff -- <old spec> <new spec> [--markdown <file>] [--json <file>] [--fail-on-breaking]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      markdown: { type: 'string' },
      json: { type: 'string' },
      'fail-on-breaking': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 2)
    throw new SpecInputError(
      `expected two specs (old and new), got ${positionals.length}. ${USAGE}`,
    );
  const report = await diffReport(positionals[0]!, positionals[1]!);
  process.stdout.write(formatText(report));
  for (const path of await writeReport(report, values)) console.log(`wrote ${path}`);
  return values['fail-on-breaking'] && report.summary.breaking > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main()
    .then((code) => process.exit(code))
    .catch((error: Error) => {
      console.error(`spec:diff failed: ${error.message}`);
      process.exit(2);
    });
}
