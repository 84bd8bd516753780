// npm run spec:watch -- [--body <file>] [--json <file>] [--outputs <file>] [--ref <branch>]
//                       [--no-type-check] [--root <project>]
// Asks GitHub for the newest commit of the upstream spec file (repository and path from
// openapi/upstream/upstream.json) and compares it with the pin. When upstream moved, it runs
// spec:update's pipeline on that commit (pin, trim, regenerate, type check; staged, then swapped in)
// and writes the change report as a pull request body. When nothing moved, it changes nothing.
//
// Exit status: 0 nothing moved, nothing changed; 1 upstream moved and openapi/ and generated/ were
// updated, the body written; 2 it failed (the message says why; nothing was changed unless it says so).
//
// Environment: GITHUB_TOKEN (optional; sent to the API only), GITHUB_API_URL (default
// https://api.github.com), SPEC_WATCH_RAW_URL (default https://raw.githubusercontent.com).
import { createHash } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { formatMarkdown, formatText, type ChangeReport } from './lib/change-report.ts';
import {
  DEFAULT_API_URL,
  DEFAULT_RAW_URL,
  downloadFile,
  newestCommit,
  parseRepository,
  UpstreamError,
  type UpstreamCommit,
  type UpstreamFile,
} from './lib/github.ts';
import { readPinned, ROOT, type PinnedUpstream } from './lib/project.ts';
import { SpecInputError } from './lib/source.ts';

export interface WatchOptions {
  /** The project to watch and update (default: this one). Tests pass a temporary copy. */
  root?: string;
  /** The REST API; default https://api.github.com. */
  apiUrl?: string;
  /** Where raw files are served; default https://raw.githubusercontent.com. */
  rawUrl?: string;
  token?: string;
  /** The upstream branch to follow; default the repository's default branch. */
  ref?: string;
  /** Where the pull request body goes; default `<root>/.tmp/spec-watch/pr-body.md`. */
  body?: string;
  /** Where the report as JSON goes; default `<root>/.tmp/spec-watch/report.json`. */
  json?: string;
  /** A file to append `changed=…`, `title=…`, `body=…`, `commit=…` to (GitHub Actions' GITHUB_OUTPUT). */
  outputs?: string;
  /** Run `tsc --noEmit` after regenerating (default true). */
  typeCheck?: boolean;
  /** Per GitHub request (default 30 s for the API, 120 s for the download). */
  timeoutMs?: number;
}

export type WatchResult =
  | {
      status: 'unchanged';
      /** Why nothing was done, in one sentence. */
      reason: string;
      pinned: PinnedUpstream;
      upstream: UpstreamCommit;
    }
  | {
      status: 'updated';
      pinned: PinnedUpstream;
      pin: PinnedUpstream;
      upstream: UpstreamCommit;
      report: ChangeReport;
      title: string;
      body: string;
      /** The files written: the body, the JSON report. */
      written: string[];
    };

/** A failure of the watcher; `applied` is true only when openapi/ and generated/ were replaced. */
export class WatchError extends Error {
  override name = 'WatchError';
  constructor(
    message: string,
    readonly applied = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const short = (sha: string) => sha.slice(0, 7);

function samePin(pinned: PinnedUpstream, sha: string): boolean {
  return pinned.commit !== 'unknown' && sha.toLowerCase().startsWith(pinned.commit.toLowerCase());
}

/** Throws unless `path` can be written (an existing file, or a new one in a folder that can be made). */
async function checkWritable(path: string, what: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new WatchError(`${what} ${path} is a folder; give a file name`);
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new WatchError(
      `${what} ${path} cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  await writeFile(partial, text);
  await rename(partial, path);
}

function githubUrl(pinned: PinnedUpstream): string {
  const { owner, repo } = parseRepository(pinned.repository);
  return `https://github.com/${owner}/${repo}`;
}

function typeCheckSentence(report: ChangeReport): string {
  const check = report.typeCheck;
  if (!check) return 'The type check was not run (`--no-type-check`).';
  if (check.failure) return `The type check (\`tsc --noEmit\`) could not run: ${check.failure}`;
  if (check.ok)
    return 'The facade and tests type-check against the regenerated code (`tsc --noEmit`: no errors).';
  const files = new Set(check.errors.map((e) => e.file)).size;
  return `\`tsc --noEmit\` finds ${check.errors.length} error(s) in ${files} file(s) after regenerating: fix them on this branch before merging (listed under "What to do next").`;
}

/** What a user of the SDK notices: the breaking changes and the facade methods they touch. */
function breaksForUsers(report: ChangeReport): string[] {
  const lines = ['### What breaks for users', ''];
  const breaking = report.changes.filter((c) => c.verdict === 'breaking');
  const methods = report.facade.affected.filter((a) => a.breaking > 0);
  if (breaking.length === 0)
    lines.push('Nothing: every change is compatible for code that uses the SDK.');
  else {
    lines.push(
      `${breaking.length} breaking change(s)${
        methods.length
          ? `; the facade methods they touch: ${methods.map((m) => `\`ft.${m.method}\``).join(', ')}`
          : '; no facade method calls the operations they touch'
      }.`,
      '',
    );
    for (const c of breaking.slice(0, 20))
      lines.push(`- \`${c.where.replace(/`/g, "'")}\`: ${c.message}`);
    if (breaking.length > 20) lines.push(`- … ${breaking.length - 20} more in the tables below`);
  }
  lines.push('', typeCheckSentence(report));
  return lines;
}

export function pullRequestBody(
  report: ChangeReport,
  pinned: PinnedUpstream,
  upstream: UpstreamCommit,
): string {
  const repo = githubUrl(pinned);
  const name = repo.replace('https://github.com/', '');
  const title = upstream.title.replace(/[`\r\n]/g, "'");
  const compare =
    pinned.commit === 'unknown'
      ? ''
      : ` Every upstream change since the pin: [${pinned.commit}…${short(upstream.sha)}](${repo}/compare/${pinned.commit}...${upstream.sha}).`;
  return [
    `Upstream [\`${name}\`](${repo}) changed \`${pinned.path}\`: its newest commit is [\`${short(upstream.sha)}\`](${repo}/commit/${upstream.sha}) of ${upstream.date.slice(0, 10)}${title ? ` (“${title}”)` : ''}; the pin was \`${pinned.commit}\` of ${pinned.date}.${compare}`,
    '',
    'This branch pins that spec in `openapi/upstream/`, re-trims `openapi/fine-tuning.yaml` and regenerates `generated/` (`npm run spec:watch`, which runs `spec:update`).',
    '',
    ...breaksForUsers(report),
    '',
    formatMarkdown(report).trimEnd(),
    '',
    '---',
    "Opened by the weekly spec watcher (`.github/workflows/spec-watch.yml`). Merging is a person’s decision: read the breaking changes, fix the facade on this branch where the type check or the tests fail, add methods for new operations worth exposing, let CI (`ci.yml`) pass, then merge. A pull request opened with the workflow's own token does not start CI by itself: close and reopen it. A later upstream commit updates this pull request in place.",
    '',
  ].join('\n');
}

function titleOf(report: ChangeReport): string {
  const { breaking, compatible } = report.summary;
  return `OpenAI spec update: ${report.from.label} → ${report.to.label} (${breaking} breaking, ${compatible} compatible)`;
}

/** Lines in GitHub Actions' `GITHUB_OUTPUT` format; every value here is one line. */
function outputLines(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${value.replace(/[\r\n]+/g, ' ')}\n`)
    .join('');
}

export async function watchSpec(options: WatchOptions = {}): Promise<WatchResult> {
  const root = options.root ?? ROOT;
  const upstreamDir = join(root, 'openapi', 'upstream');
  const pinned = await readPinned(upstreamDir).catch((error: Error) => {
    throw new WatchError(
      `cannot read the pin ${join(upstreamDir, 'upstream.json')}: ${error.message}`,
    );
  });
  const { owner, repo } = parseRepository(pinned.repository);
  const file: UpstreamFile = {
    owner,
    repo,
    path: pinned.path,
    ...(options.ref ? { ref: options.ref } : {}),
  };
  const github = {
    apiUrl: options.apiUrl ?? DEFAULT_API_URL,
    rawUrl: options.rawUrl ?? DEFAULT_RAW_URL,
    ...(options.token ? { token: options.token } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const upstream = await newestCommit(file, github);
  const outputs = async (values: Record<string, string>) => {
    if (options.outputs) await appendFile(options.outputs, outputLines(values));
  };

  if (samePin(pinned, upstream.sha)) {
    await outputs({ changed: 'false', commit: upstream.sha });
    return {
      status: 'unchanged',
      reason: `the newest commit of ${pinned.path} in ${owner}/${repo} is ${short(upstream.sha)} (${upstream.date.slice(0, 10)}), the pinned one`,
      pinned,
      upstream,
    };
  }

  const bodyPath = resolve(options.body ?? join(root, '.tmp', 'spec-watch', 'pr-body.md'));
  const jsonPath = resolve(options.json ?? join(root, '.tmp', 'spec-watch', 'report.json'));
  await checkWritable(bodyPath, 'the body file');
  await checkWritable(jsonPath, 'the JSON report');

  const bytes = await downloadFile(file, upstream.sha, github);
  const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  if (createHash('sha256').update(text).digest('hex') === pinned.sha256) {
    await outputs({ changed: 'false', commit: upstream.sha });
    return {
      status: 'unchanged',
      reason: `${pinned.path} at ${short(upstream.sha)} is byte for byte the pinned spec (${pinned.commit})`,
      pinned,
      upstream,
    };
  }

  await mkdir(join(root, '.tmp'), { recursive: true });
  const stage = await mkdtemp(join(root, '.tmp', 'spec-watch-'));
  try {
    // The download keeps the upstream file's name, so messages about it read naturally.
    const location = join(stage, basename(pinned.path));
    await writeFile(location, bytes);
    // spec:update's pipeline loads the generator; only a run that has something to update needs it.
    const { updateSpec, UpdateAppliedError } = await import('./spec-update.ts');
    let result: Awaited<ReturnType<typeof updateSpec>>;
    try {
      result = await updateSpec(location, {
        root,
        commit: short(upstream.sha),
        date: upstream.date.slice(0, 10),
        markdown: join(stage, 'report.md'),
        json: jsonPath,
        typeCheck: options.typeCheck !== false,
      });
    } catch (error) {
      const applied = error instanceof UpdateAppliedError;
      const message = (error as Error).message
        .split(location)
        .join(`${pinned.path} at ${short(upstream.sha)}`);
      throw new WatchError(
        applied || !(error instanceof SpecInputError)
          ? `the update to ${short(upstream.sha)} failed: ${message}`
          : `upstream ${pinned.path} at ${short(upstream.sha)} cannot be used: ${message}`,
        applied,
        { cause: error },
      );
    }
    const title = titleOf(result.report);
    const body = pullRequestBody(result.report, pinned, upstream);
    try {
      await writeAtomically(bodyPath, body);
    } catch (error) {
      throw new WatchError(
        `openapi/ and generated/ are updated to ${short(upstream.sha)}, but the body could not be written to ${bodyPath}: ${(error as Error).message}`,
        true,
      );
    }
    await outputs({ changed: 'true', commit: upstream.sha, title, body: bodyPath });
    return {
      status: 'updated',
      pinned,
      pin: result.pin,
      upstream,
      report: result.report,
      title,
      body,
      written: [bodyPath, jsonPath],
    };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

const USAGE =
  'usage: npm run spec:watch -- [--body <file>] [--json <file>] [--outputs <file>] [--ref <branch>] ' +
  '[--no-type-check] [--root <project dir>]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      body: { type: 'string' },
      json: { type: 'string' },
      outputs: { type: 'string' },
      ref: { type: 'string' },
      'no-type-check': { type: 'boolean' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length) throw new WatchError(`unexpected ${positionals.join(' ')}. ${USAGE}`);
  const env = process.env;
  const result = await watchSpec({
    ...(values.root ? { root: resolve(values.root) } : {}),
    ...(values.body ? { body: values.body } : {}),
    ...(values.json ? { json: values.json } : {}),
    ...(values.outputs ? { outputs: values.outputs } : {}),
    ...(values.ref ? { ref: values.ref } : {}),
    ...(env.GITHUB_TOKEN ? { token: env.GITHUB_TOKEN } : {}),
    ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    ...(env.SPEC_WATCH_RAW_URL ? { rawUrl: env.SPEC_WATCH_RAW_URL } : {}),
    typeCheck: !values['no-type-check'],
  });
  if (result.status === 'unchanged') {
    console.log(`Up to date: ${result.reason}. Nothing changed.`);
    return 0;
  }
  console.log(
    `Upstream moved: ${result.pinned.commit} → ${short(result.upstream.sha)} (${result.upstream.date.slice(0, 10)}).\n` +
      `Pinned openapi/upstream/${result.pin.file}; re-trimmed openapi/fine-tuning.yaml; regenerated generated/.\n`,
  );
  process.stdout.write(formatText(result.report));
  for (const path of result.written) console.log(`wrote ${relative(process.cwd(), path) || path}`);
  return 1;
}

/** The token never reaches the output, whatever a server put in its answer. */
function redact(text: string): string {
  const token = process.env.GITHUB_TOKEN;
  return token && token.length >= 4 ? text.split(token).join('***') : text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main()
    .then((code) => process.exit(code))
    .catch((error: Error) => {
      const applied = error instanceof WatchError && error.applied;
      const known = error instanceof WatchError || error instanceof UpstreamError;
      console.error(
        redact(
          `spec:watch failed: ${known ? error.message : (error.stack ?? error.message)}\n${
            applied
              ? 'openapi/ and generated/ WERE changed: review them (git status) before running again.'
              : 'Nothing in openapi/ or generated/ was changed.'
          }`,
        ),
      );
      process.exit(2);
    });
}
