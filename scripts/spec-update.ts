// npm run spec:update -- <path-or-url> [--commit <sha>] [--date YYYY-MM-DD] [--markdown <file>] [--json <file>]
//                                      [--fail-on-breaking] [--no-type-check] [--root <project>]
// Pins a new upstream spec, re-trims openapi/fine-tuning.yaml, regenerates generated/, and reports
// what changed for the fine-tuning surface.
//
// Everything is built in a staging folder first (pin, trim, generation); only when all of it worked
// are openapi/ and generated/ swapped in by renames. A run that fails leaves both exactly as they were.
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { generate } from './generate.ts';
import { buildReport, formatText, type ChangeReport } from './lib/change-report.ts';
import { facadeMethods, typeCheck } from './lib/facade.ts';
import { pinFor } from './lib/pin.ts';
import {
  provenanceOf,
  readPinned,
  ROOT,
  TRIM_HEADER,
  UPSTREAM_DIR,
  type PinnedUpstream,
} from './lib/project.ts';
import { parseOpenApi, readSpecSource, SpecInputError } from './lib/source.ts';
import { trimSpec } from './lib/trim.ts';
import { toYaml } from './lib/yaml-out.ts';
import { writeReport } from './spec-diff.ts';

export interface UpdateOptions {
  /** The project to update (default: this one). Tests pass a temporary copy. */
  root?: string;
  commit?: string;
  date?: string;
  repository?: string;
  path?: string;
  markdown?: string;
  json?: string;
  /** Run `tsc --noEmit` after regenerating (default true). */
  typeCheck?: boolean;
  /** Today as YYYY-MM-DD, the date of a pin whose date is not known otherwise. */
  today?: string;
}

export interface UpdateResult {
  pin: PinnedUpstream;
  report: ChangeReport;
  written: string[];
}

/** Renames each `[from, to]` in order; on a failure, undoes the ones done and rethrows. */
async function renameAll(moves: [string, string][]): Promise<void> {
  const done: [string, string][] = [];
  try {
    for (const [from, to] of moves) {
      await rename(from, to);
      done.push([from, to]);
    }
  } catch (error) {
    for (const [from, to] of done.reverse()) await rename(to, from).catch(() => undefined);
    throw error;
  }
}

export async function updateSpec(
  location: string,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const root = options.root ?? ROOT;
  const openapiDir = join(root, 'openapi');
  const generatedDir = join(root, 'generated');
  const previous = await readPinned(join(openapiDir, 'upstream')).catch((error: Error) => {
    throw new SpecInputError(
      `cannot read the current pin in ${relative(process.cwd(), openapiDir) || '.'}/upstream/upstream.json: ${error.message}`,
    );
  });

  // Read, check and trim before touching anything: these are where bad input fails.
  const source = await readSpecSource(location);
  const doc = parseOpenApi(source.text, location);
  const pin = pinFor({
    location,
    sha256: source.sha256,
    previous,
    today: options.today ?? new Date().toISOString().slice(0, 10),
    ...pick(options),
  });
  const raw = new TextEncoder().encode(source.text);
  if (createHash('sha256').update(raw).digest('hex') !== source.sha256) {
    throw new SpecInputError(`${location} is not valid UTF-8 text; an OpenAPI document must be`);
  }
  // The provenance names the pin as the project sees it, whichever root is being updated.
  const provenance = provenanceOf(pin, join(UPSTREAM_DIR, pin.file), source.sha256);
  const trimmed = trimSpec(doc, { provenance });
  const oldTrimmed = parse(await readFile(join(openapiDir, 'fine-tuning.yaml'), 'utf8'), {
    maxAliasCount: -1,
  }) as Record<string, unknown>;

  await mkdir(join(root, '.tmp'), { recursive: true });
  const stage = await mkdtemp(join(root, '.tmp', 'spec-update-'));
  try {
    const staged = join(stage, 'openapi');
    await cp(openapiDir, staged, { recursive: true });
    await rm(join(staged, 'upstream', previous.file), { force: true });
    await writeFile(join(staged, 'upstream', pin.file), gzipSync(raw, { level: 9 }));
    await writeFile(join(staged, 'upstream', 'upstream.json'), `${JSON.stringify(pin, null, 2)}\n`);
    await writeFile(join(staged, 'fine-tuning.yaml'), toYaml(trimmed, TRIM_HEADER));
    await generate(stage);

    const previousDir = join(stage, 'previous');
    await mkdir(previousDir);
    await renameAll([
      [openapiDir, join(previousDir, 'openapi')],
      [staged, openapiDir],
      [generatedDir, join(previousDir, 'generated')],
      [join(stage, 'generated'), generatedDir],
    ]);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }

  try {
    const report = buildReport(
      oldTrimmed,
      trimmed,
      { from: previous.file, to: pin.file },
      await facadeMethods(root),
    );
    if (options.typeCheck !== false) report.typeCheck = await typeCheck(root);
    const reportDir = join(root, '.tmp', 'spec-report');
    const written = await writeReport(report, {
      markdown: options.markdown ?? join(reportDir, 'report.md'),
      json: options.json ?? join(reportDir, 'report.json'),
    });
    return { pin, report, written };
  } catch (error) {
    throw new UpdateAppliedError(
      `the new spec is pinned and generated/ regenerated, but the report failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A failure after openapi/ and generated/ were replaced: the update itself stands. */
export class UpdateAppliedError extends Error {
  override name = 'UpdateAppliedError';
}

function pick(options: UpdateOptions) {
  const out: { commit?: string; date?: string; repository?: string; path?: string } = {};
  for (const key of ['commit', 'date', 'repository', 'path'] as const)
    if (options[key] !== undefined) out[key] = options[key];
  return out;
}

const USAGE =
  'usage: npm run spec:update -- <upstream spec path or URL> [--commit <sha>] [--date YYYY-MM-DD] ' +
  '[--markdown <file>] [--json <file>] [--fail-on-breaking] [--no-type-check] [--root <project dir>]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      commit: { type: 'string' },
      date: { type: 'string' },
      repository: { type: 'string' },
      path: { type: 'string' },
      markdown: { type: 'string' },
      json: { type: 'string' },
      'fail-on-breaking': { type: 'boolean' },
      'no-type-check': { type: 'boolean' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1)
    throw new SpecInputError(
      `expected one spec (path or URL), got ${positionals.length}. ${USAGE}`,
    );
  const { root, ...rest } = values;
  const { pin, report, written } = await updateSpec(positionals[0]!, {
    ...rest,
    ...(root ? { root: resolve(root) } : {}),
    typeCheck: !values['no-type-check'],
  });
  console.log(
    `pinned openapi/upstream/${pin.file}; re-trimmed openapi/fine-tuning.yaml; regenerated generated/\n`,
  );
  process.stdout.write(formatText(report));
  for (const path of written) console.log(`wrote ${relative(process.cwd(), path)}`);
  return values['fail-on-breaking'] && report.summary.breaking > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main()
    .then((code) => process.exit(code))
    .catch((error: Error) => {
      const applied = error instanceof UpdateAppliedError;
      console.error(
        `spec:update failed: ${error.message}${applied ? '' : '\nNothing in openapi/ or generated/ was changed.'}`,
      );
      process.exit(2);
    });
}
