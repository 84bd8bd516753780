// spec:watch against a fake GitHub API and a fake raw-file host on 127.0.0.1, on a temporary copy of
// the project: nothing moved, a new commit (pinned, trimmed, regenerated, type-checked, the pull
// request body written), and each failure (a spec that does not trim, the network, the rate limit, a
// moved file) with its message, leaving openapi/ and generated/ exactly as they were.
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  RateLimitError,
  UpstreamMovedError,
  UpstreamUnreachableError,
} from '../../scripts/lib/github.ts';
import { ROOT } from '../../scripts/lib/project.ts';
import { WatchError, watchSpec } from '../../scripts/spec-watch.ts';
import { snapshot, tempProject } from '../helpers/temp-project.ts';

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const WATCH = join(ROOT, 'scripts', 'spec-watch.ts');
const PIN = JSON.parse(
  await readFile(join(ROOT, 'openapi', 'upstream', 'upstream.json'), 'utf8'),
) as { commit: string; file: string; date: string };
const PINNED_SHA = `${PIN.commit}${'0'.repeat(40 - PIN.commit.length)}`;
const NEW_SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const TOKEN = 'ghp_specwatchtesttoken0123456789';

type Node = Record<string, any>;

/** A small upstream: the trimmed spec (already the SDK's surface) as an untrimmed one would come. */
async function upstreamSpec(change: (doc: Node) => void = () => {}): Promise<string> {
  const doc = parse(await readFile(join(ROOT, 'openapi', 'fine-tuning.yaml'), 'utf8'), {
    maxAliasCount: -1,
  }) as Node;
  delete doc.info['x-upstream'];
  change(doc);
  return JSON.stringify(doc);
}

/** One compatible change (a new response property) and one breaking (a request enum value gone). */
const NEW_SPEC = () =>
  upstreamSpec((doc) => {
    const schemas = doc.components.schemas;
    schemas.FineTuningJob.properties.priority = {
      type: 'string',
      description: 'The queue the job waits in.',
    };
    const purpose = schemas.CreateFileRequest.properties.purpose;
    purpose.enum = purpose.enum.filter((v: string) => v !== 'evals');
  });

interface Seen {
  url: string;
  authorization: string | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(
  handler: () => Handler,
  seen: Seen[],
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** The commits API answering with one commit. */
const commit =
  (sha: string, date = '2026-12-01T09:30:00Z'): Handler =>
  (_req, res) =>
    json(res, 200, [
      { sha, commit: { committer: { date }, message: 'Update the spec\n\nLonger text.' } },
    ]);

describe('spec:watch', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let api: { server: Server; url: string };
  let raw: { server: Server; url: string };
  let apiHandler: Handler;
  let rawHandler: Handler;
  const apiSeen: Seen[] = [];
  const rawSeen: Seen[] = [];
  let before: { openapi: Record<string, string>; generated: Record<string, string> };

  beforeAll(async () => {
    project = await tempProject();
    before = {
      openapi: await snapshot(project.root, 'openapi'),
      generated: await snapshot(project.root, 'generated'),
    };
    api = await listen(() => apiHandler, apiSeen);
    raw = await listen(() => rawHandler, rawSeen);
  });
  afterAll(async () => {
    await Promise.all([api, raw].map(({ server }) => new Promise((r) => server.close(r))));
    await project.remove();
  });
  afterEach(() => {
    apiSeen.length = 0;
    rawSeen.length = 0;
  });

  const options = () => ({
    root: project.root,
    apiUrl: api.url,
    rawUrl: raw.url,
    typeCheck: false,
    body: join(project.root, 'out', 'body.md'),
  });

  const unchanged = async () => {
    expect(await snapshot(project.root, 'openapi')).toEqual(before.openapi);
    expect(await snapshot(project.root, 'generated')).toEqual(before.generated);
    const tmp = await readdir(join(project.root, '.tmp')).catch(() => [] as string[]);
    expect(tmp.filter((n) => n.startsWith('spec-watch-') || n.startsWith('spec-update-'))).toEqual(
      [],
    );
    expect(await readdir(join(project.root, 'out')).catch(() => [])).toEqual([]);
  };

  const cli = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, [TSX, WATCH, '--root', project.root, ...args], {
      env: { PATH: process.env.PATH, GITHUB_API_URL: api.url, SPEC_WATCH_RAW_URL: raw.url, ...env },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );

  it('asks for the newest commit of the pinned file and, when it is the pin, changes nothing', async () => {
    apiHandler = commit(PINNED_SHA, `${PIN.date}T12:00:00Z`);
    rawHandler = () => expect.unreachable('nothing to download when nothing moved');
    const outputs = join(project.root, 'outputs.txt');
    const result = await watchSpec({ ...options(), outputs });
    expect(result.status).toBe('unchanged');
    expect(result.status === 'unchanged' && result.reason).toBe(
      `the newest commit of openapi.yaml in openai/openai-openapi is ${PIN.commit} (${PIN.date}), the pinned one`,
    );
    expect(apiSeen).toEqual([
      {
        url: '/repos/openai/openai-openapi/commits?path=openapi.yaml&per_page=1',
        authorization: undefined,
      },
    ]);
    expect(await readFile(outputs, 'utf8')).toBe(`changed=false\ncommit=${PINNED_SHA}\n`);
    await rm(outputs);
    await unchanged();
  });

  it('the command line: exit 0, the token sent to the API as a bearer token, a --ref followed', async () => {
    apiHandler = commit(PINNED_SHA);
    const { code, stdout } = await cli({ GITHUB_TOKEN: TOKEN }, '--ref', 'main');
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Up to date: the newest commit of openapi.yaml in openai/openai-openapi is ${PIN.commit}`,
    );
    expect(stdout).toContain('Nothing changed.');
    expect(apiSeen).toEqual([
      {
        url: '/repos/openai/openai-openapi/commits?path=openapi.yaml&per_page=1&sha=main',
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
    await unchanged();
  });

  it('a new commit with the same bytes as the pin changes nothing', async () => {
    const pinned = gunzipSync(await readFile(join(project.root, 'openapi', 'upstream', PIN.file)));
    apiHandler = commit(NEW_SHA);
    rawHandler = (_req, res) => res.end(pinned);
    const result = await watchSpec(options());
    expect(result.status === 'unchanged' && result.reason).toBe(
      `openapi.yaml at 1a2b3c4 is byte for byte the pinned spec (${PIN.commit})`,
    );
    expect(rawSeen.map((s) => s.url)).toEqual([`/openai/openai-openapi/${NEW_SHA}/openapi.yaml`]);
    // The token goes to the API only.
    expect(rawSeen[0]!.authorization).toBeUndefined();
    await unchanged();
  });

  it('a spec that does not trim: a clear message, nothing changed', async () => {
    const text = await upstreamSpec((doc) => {
      delete doc.paths['/files'];
    });
    apiHandler = commit(NEW_SHA);
    rawHandler = (_req, res) => res.end(text);
    const error = await watchSpec(options()).catch((e) => e);
    expect(error).toBeInstanceOf(WatchError);
    expect(error.applied).toBe(false);
    expect(error.message).toBe(
      'upstream openapi.yaml at 1a2b3c4 cannot be used: the upstream spec lacks a path the SDK needs: /files',
    );
    await unchanged();
  });

  it('a download that is not an OpenAPI document', async () => {
    apiHandler = commit(NEW_SHA);
    rawHandler = (_req, res) => res.end('<html>Moved</html>');
    await expect(watchSpec(options())).rejects.toThrow(
      /cannot be used: openapi\.yaml at 1a2b3c4 is not an OpenAPI document: expected a mapping/,
    );
    await unchanged();
  });

  it('the API cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await watchSpec({ ...options(), apiUrl: `http://127.0.0.1:${port}` }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(UpstreamUnreachableError);
    expect(error.message).toBe(
      `could not reach http://127.0.0.1:${port} for the newest commit of openapi.yaml in openai/openai-openapi (fetch failed: ECONNREFUSED); check the network (and GITHUB_API_URL, SPEC_WATCH_RAW_URL when set) and run again`,
    );
    await unchanged();
  });

  it('the API does not answer in time', async () => {
    apiHandler = () => {}; // never answers
    const error = await watchSpec({ ...options(), timeoutMs: 300 }).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamUnreachableError);
    expect(error.message).toContain('(no answer in time: 0.3 s)');
    await unchanged();
  });

  it('the download breaks off halfway', async () => {
    const text = await NEW_SPEC();
    apiHandler = commit(NEW_SHA);
    rawHandler = (_req, res) => {
      res.writeHead(200, { 'content-length': String(text.length) });
      res.write(text.slice(0, 1000), () => res.destroy());
    };
    const error = await watchSpec(options()).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamUnreachableError);
    expect(error.message).toMatch(
      /^the download of openapi\.yaml at 1a2b3c4 broke off after 1000 bytes \(/,
    );
    await unchanged();
  });

  it('the rate limit (403, x-ratelimit-remaining 0): when it resets, and that a token helps', async () => {
    const reset = Math.floor(Date.now() / 1000) + 23 * 60;
    apiHandler = (_req, res) =>
      json(
        res,
        403,
        { message: 'API rate limit exceeded for 127.0.0.1.' },
        {
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        },
      );
    const error = await watchSpec(options()).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.resetAt).toEqual(new Date(reset * 1000));
    expect(error.message).toMatch(
      new RegExp(
        `^GitHub's rate limit stopped the request for the newest commit of openapi\\.yaml in openai/openai-openapi \\(HTTP 403, 60 requests per hour\\): it resets at ${new Date(reset * 1000).toISOString().replace(/\./g, '\\.')} \\(in 2[23] minutes\\); run again after then\\. Without a token the limit is low: set GITHUB_TOKEN for a higher one$`,
      ),
    );
    await unchanged();
  });

  it('the rate limit (429 with retry-after) through the command line: exit 2, nothing changed', async () => {
    apiHandler = (_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '90' });
    const { code, stdout, stderr } = await cli({ GITHUB_TOKEN: TOKEN });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^spec:watch failed: GitHub's rate limit stopped the request .* \(HTTP 429\): it resets at \S+Z \(in 2 minutes\); run again after then\nNothing in openapi\/ or generated\/ was changed\.\n$/,
    );
    await unchanged();
  });

  it("the raw host's rate limit (429 without headers): no reset time to give, and no token hint", async () => {
    apiHandler = commit(NEW_SHA);
    rawHandler = (_req, res) => {
      res.writeHead(429);
      res.end('Too Many Requests');
    };
    const error = await watchSpec(options()).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.resetAt).toBeUndefined();
    expect(error.message).toBe(
      "GitHub's rate limit stopped the download of openapi.yaml at 1a2b3c4 (HTTP 429): GitHub did not say when it resets; wait a few minutes and run again",
    );
    await unchanged();
  });

  it('a rejected token: the message says so and never shows the token, even when the server echoes it', async () => {
    apiHandler = (req, res) =>
      json(res, 401, { message: `Bad credentials: ${req.headers.authorization}` });
    const { code, stdout, stderr } = await cli({ GITHUB_TOKEN: TOKEN });
    expect(code).toBe(2);
    expect(stderr).toContain(
      'spec:watch failed: GitHub rejected GITHUB_TOKEN (HTTP 401: Bad credentials: Bearer ***)',
    );
    expect(stdout + stderr).not.toContain(TOKEN);
    await unchanged();
  });

  it('the file moved: no commit touches it any more', async () => {
    apiHandler = (_req, res) => json(res, 200, []);
    const error = await watchSpec(options()).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamMovedError);
    expect(error.message).toBe(
      'no commit on the default branch of openai/openai-openapi touches openapi.yaml: the file was moved or renamed. Find where the spec lives now and set "path" (or "repository") in openapi/upstream/upstream.json',
    );
    await unchanged();
  });

  it('the file moved: the newest commit deleted it (404 from the raw host)', async () => {
    apiHandler = commit(NEW_SHA);
    rawHandler = (_req, res) => {
      res.writeHead(404);
      res.end('404: Not Found');
    };
    const error = await watchSpec(options()).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamMovedError);
    expect(error.message).toBe(
      `openapi.yaml is not in openai/openai-openapi at 1a2b3c4 (HTTP 404 from ${raw.url}/openai/openai-openapi/${NEW_SHA}/openapi.yaml): that commit moved or deleted it. Find where the spec lives now and set "path" (or "repository") in openapi/upstream/upstream.json`,
    );
    await unchanged();
  });

  it('the repository moved (404 from the API)', async () => {
    apiHandler = (_req, res) => json(res, 404, { message: 'Not Found' });
    const error = await watchSpec(options()).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamMovedError);
    expect(error.message).toMatch(
      /^GitHub has no repository openai\/openai-openapi \(HTTP 404\): it was renamed, deleted or made private\./,
    );
    await unchanged();
  });

  it('an API answer that is not a list of commits', async () => {
    apiHandler = (_req, res) => json(res, 200, [{ sha: 'nope' }]);
    await expect(watchSpec(options())).rejects.toThrow(
      /lacks a commit sha or date: \{"sha":"nope"\}/,
    );
    apiHandler = (_req, res) => json(res, 500, { message: 'Server Error' });
    await expect(watchSpec(options())).rejects.toThrow(
      'GitHub answered HTTP 500 when asked for the newest commit of openapi.yaml in openai/openai-openapi: Server Error',
    );
    await unchanged();
  });

  it('a body file that cannot be written is found before anything changes', async () => {
    apiHandler = commit(NEW_SHA);
    rawHandler = () => expect.unreachable('checked before the download');
    await writeFile(join(project.root, 'a-file'), '');
    await expect(
      watchSpec({ ...options(), body: join(project.root, 'a-file', 'body.md') }),
    ).rejects.toThrow(/the body file .*a-file\/body\.md cannot be written: (ENOTDIR|EEXIST)/);
    await rm(join(project.root, 'a-file'));
    await unchanged();
  });
});

describe('spec:watch when upstream moved', () => {
  let project: Awaited<ReturnType<typeof tempProject>>;
  let api: { server: Server; url: string };
  let raw: { server: Server; url: string };
  beforeAll(async () => {
    project = await tempProject();
    const text = await NEW_SPEC();
    api = await listen(() => commit(NEW_SHA, '2026-12-01T09:30:00Z'), []);
    raw = await listen(
      () => (req, res) => {
        if (req.url === `/openai/openai-openapi/${NEW_SHA}/openapi.yaml`) res.end(text);
        else {
          res.writeHead(404);
          res.end();
        }
      },
      [],
    );
  });
  afterAll(async () => {
    await Promise.all([api, raw].map(({ server }) => new Promise((r) => server.close(r))));
    await project.remove();
  });

  it('pins, re-trims, regenerates, type-checks and writes the pull request body; exit 1', {
    timeout: 240_000,
  }, async () => {
    const out = join(project.root, 'out');
    const outputs = join(project.root, 'outputs.txt');
    const result = await run(
      process.execPath,
      [
        TSX,
        WATCH,
        '--root',
        project.root,
        '--body',
        join(out, 'body.md'),
        '--json',
        join(out, 'report.json'),
        '--outputs',
        outputs,
      ],
      { env: { PATH: process.env.PATH, GITHUB_API_URL: api.url, SPEC_WATCH_RAW_URL: raw.url } },
    ).catch((e) => e);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Upstream moved: ${PIN.commit} → 1a2b3c4 (2026-12-01).`);
    expect(result.stdout).toContain(
      'Pinned openapi/upstream/openai-openapi.2026-12-01.1a2b3c4.yaml.gz',
    );

    const upstream = join(project.root, 'openapi', 'upstream');
    expect((await readdir(upstream)).sort()).toEqual([
      'LICENSE-openai-openapi',
      'legacy',
      'openai-openapi.2026-12-01.1a2b3c4.yaml.gz',
      'upstream.json',
    ]);
    expect(JSON.parse(await readFile(join(upstream, 'upstream.json'), 'utf8'))).toMatchObject({
      file: 'openai-openapi.2026-12-01.1a2b3c4.yaml.gz',
      repository: 'https://github.com/openai/openai-openapi',
      path: 'openapi.yaml',
      commit: '1a2b3c4',
      date: '2026-12-01',
    });
    expect(await readFile(join(project.root, 'openapi', 'fine-tuning.yaml'), 'utf8')).toContain(
      'commit: 1a2b3c4',
    );
    expect(await readFile(join(project.root, 'generated', 'types.gen.ts'), 'utf8')).toMatch(
      /\bpriority\?: string;/,
    );

    const title = `OpenAI spec update: ${PIN.commit} (${PIN.date}) → 1a2b3c4 (2026-12-01) (1 breaking, 1 compatible)`;
    expect(await readFile(outputs, 'utf8')).toBe(
      `changed=true\ncommit=${NEW_SHA}\ntitle=${title}\nbody=${join(out, 'body.md')}\n`,
    );
    const body = await readFile(join(out, 'body.md'), 'utf8');
    expect(body).toContain(
      `Upstream [\`openai/openai-openapi\`](https://github.com/openai/openai-openapi) changed \`openapi.yaml\`: its newest commit is [\`1a2b3c4\`](https://github.com/openai/openai-openapi/commit/${NEW_SHA}) of 2026-12-01 (“Update the spec”); the pin was \`${PIN.commit}\` of ${PIN.date}. Every upstream change since the pin: [${PIN.commit}…1a2b3c4](https://github.com/openai/openai-openapi/compare/${PIN.commit}...${NEW_SHA}).`,
    );
    expect(body).toContain(
      '### What breaks for users\n\n1 breaking change(s); the facade methods they touch: `ft.files.create`.\n\n- `schema CreateFileRequest.purpose`: enum value removed: evals\n',
    );
    expect(body).toContain('`tsc --noEmit`: no errors');
    expect(body).toContain(
      `## OpenAI spec update: ${PIN.commit} (${PIN.date}) → 1a2b3c4 (2026-12-01)`,
    );
    expect(body).toContain(
      '| compatible | `schema FineTuningJob.priority` | optional property added (string) |',
    );
    expect(body).toContain('Merging is a person’s decision');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.summary).toEqual({ breaking: 1, compatible: 1 });
    expect(report.typeCheck).toEqual({ ok: true, errors: [] });
    // The staging folders are gone.
    expect(
      (await readdir(join(project.root, '.tmp'))).filter((n) => /^spec-(watch|update)-/.test(n)),
    ).toEqual([]);

    // Run again: upstream has not moved since, so nothing changes.
    const again = await watchSpec({
      root: project.root,
      apiUrl: api.url,
      rawUrl: raw.url,
      typeCheck: false,
    });
    expect(again.status).toBe('unchanged');
  });
});
