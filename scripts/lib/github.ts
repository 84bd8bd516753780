// The two GitHub requests the spec watcher makes: the newest commit that touched a file (REST API),
// and that file at that commit (raw content). Every failure is a typed error whose message says what
// went wrong and what to do; no message ever carries the token.

export const DEFAULT_API_URL = 'https://api.github.com';
export const DEFAULT_RAW_URL = 'https://raw.githubusercontent.com';
/** The spec is a few MB; anything far larger is not it. */
export const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

export interface GitHubOptions {
  /** The REST API (`GITHUB_API_URL`, as GitHub Actions sets it); default https://api.github.com. */
  apiUrl?: string;
  /** Where raw files are served; default https://raw.githubusercontent.com. */
  rawUrl?: string;
  /** Sent to the API only (never to the raw host), as `Authorization: Bearer …`. */
  token?: string;
  /** Per request, headers and body together; default 30 s for the API, 120 s for the download. */
  timeoutMs?: number;
}

export interface UpstreamFile {
  owner: string;
  repo: string;
  path: string;
  /** A branch, tag or commit; the repository's default branch when absent. */
  ref?: string;
}

export interface UpstreamCommit {
  sha: string;
  /** The committer's date, ISO 8601. */
  date: string;
  /** The first line of the commit message. */
  title: string;
}

/** Any failure to learn or fetch the upstream spec. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
}

/** The network failed: refused, reset, timed out, or a body cut short. */
export class UpstreamUnreachableError extends UpstreamError {
  override name = 'UpstreamUnreachableError';
}

/** GitHub says to wait: 403 or 429 with `x-ratelimit-remaining: 0`, or a `retry-after`. */
export class RateLimitError extends UpstreamError {
  override name = 'RateLimitError';
  constructor(
    message: string,
    /** When GitHub will answer again, when it said. */
    readonly resetAt: Date | undefined,
  ) {
    super(message);
  }
}

/** The repository or the file is not where upstream.json says. */
export class UpstreamMovedError extends UpstreamError {
  override name = 'UpstreamMovedError';
}

/** `https://github.com/openai/openai-openapi` (or `openai/openai-openapi`) → owner and repo. */
export function parseRepository(repository: string): { owner: string; repo: string } {
  const m = /^(?:https?:\/\/(?:www\.)?github\.com\/)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/i.exec(
    repository.trim(),
  );
  if (!m)
    throw new UpstreamError(
      `the pinned repository ${JSON.stringify(repository)} is not a GitHub repository (https://github.com/<owner>/<name>); fix "repository" in openapi/upstream/upstream.json`,
    );
  return { owner: m[1]!, repo: m[2]! };
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');
const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

function why(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer in time';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e.message}: ${cause}` : String(e?.message ?? error);
}

function minutesFrom(now: number, at: Date): string {
  const minutes = Math.max(0, Math.ceil((at.getTime() - now) / 60_000));
  return minutes === 1 ? 'in 1 minute' : `in ${minutes} minutes`;
}

/**
 * A {@link RateLimitError} when the answer is GitHub's rate limit, else undefined. As GitHub asks:
 * wait `retry-after` seconds when it says so, else until `x-ratelimit-reset` (epoch seconds).
 * `tokenHint` adds that a token raises the limit (for the API when no token was sent).
 */
export function rateLimitOf(
  res: Response,
  what: string,
  tokenHint: boolean,
  now = Date.now(),
): RateLimitError | undefined {
  if (res.status !== 403 && res.status !== 429) return undefined;
  const seconds = (name: string) => {
    const value = res.headers.get(name)?.trim();
    return value && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const retryAfter = seconds('retry-after');
  const reset = seconds('x-ratelimit-reset');
  const exhausted = res.headers.get('x-ratelimit-remaining')?.trim() === '0';
  if (res.status === 403 && !exhausted && retryAfter === undefined) return undefined;
  const at =
    retryAfter !== undefined
      ? new Date(now + retryAfter * 1000)
      : reset !== undefined
        ? new Date(reset * 1000)
        : undefined;
  // A value past what a Date holds is no time at all.
  const resetAt = at && Number.isFinite(at.getTime()) ? at : undefined;
  const limit = res.headers.get('x-ratelimit-limit');
  const when = resetAt
    ? `it resets at ${resetAt.toISOString()} (${minutesFrom(now, resetAt)}); run again after then`
    : 'GitHub did not say when it resets; wait a few minutes and run again';
  const hint = tokenHint
    ? '. Without a token the limit is low: set GITHUB_TOKEN for a higher one'
    : '';
  return new RateLimitError(
    `GitHub's rate limit stopped ${what} (HTTP ${res.status}${limit ? `, ${limit} requests per hour` : ''}): ${when}${hint}`,
    resetAt,
  );
}

async function request(
  url: string,
  what: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ res: Response; signal: AbortSignal }> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return { res: await fetch(url, { headers, signal, redirect: 'follow' }), signal };
  } catch (error) {
    throw new UpstreamUnreachableError(
      `could not reach ${new URL(url).origin} for ${what} (${why(error)}${
        (error as Error)?.name === 'TimeoutError' ? `: ${timeoutMs / 1000} s` : ''
      }); check the network (and GITHUB_API_URL, SPEC_WATCH_RAW_URL when set) and run again`,
      { cause: error },
    );
  }
}

/** GitHub's `message` from an error body, when it sent one; never the token, should it echo it. */
async function messageOf(res: Response, token: string | undefined): Promise<string> {
  const text = await res.text().catch(() => '');
  let message = text.trim().split('\n')[0]!.slice(0, 200);
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {}
  return token ? message.split(token).join('***') : message;
}

/** The newest commit on `file.ref` (or the default branch) that touched `file.path`. */
export async function newestCommit(
  file: UpstreamFile,
  options: GitHubOptions = {},
): Promise<UpstreamCommit> {
  const api = trimSlash(options.apiUrl ?? DEFAULT_API_URL);
  const query = new URLSearchParams({ path: file.path, per_page: '1' });
  if (file.ref) query.set('sha', file.ref);
  const url = `${api}/repos/${encodeURIComponent(file.owner)}/${encodeURIComponent(file.repo)}/commits?${query}`;
  const what = `the newest commit of ${file.path} in ${file.owner}/${file.repo}`;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'openai-fine-tuning-spec-watch',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const { res } = await request(url, what, headers, options.timeoutMs ?? 30_000);

  const limited = rateLimitOf(res, `the request for ${what}`, !options.token);
  if (limited) throw limited;
  if (res.status === 401)
    throw new UpstreamError(
      `GitHub rejected GITHUB_TOKEN (HTTP 401: ${await messageOf(res, options.token)}); give a valid token or none`,
    );
  if (res.status === 404)
    throw new UpstreamMovedError(
      `GitHub has no repository ${file.owner}/${file.repo}${file.ref ? ` with a ref ${file.ref}` : ''} (HTTP 404): it was renamed, deleted or made private. Find where the spec lives now and set "repository" and "path" in openapi/upstream/upstream.json`,
    );
  if (!res.ok)
    throw new UpstreamError(
      `GitHub answered HTTP ${res.status} when asked for ${what}: ${await messageOf(res, options.token)}`,
    );

  let body: unknown;
  try {
    body = await res.json();
  } catch (error) {
    throw new UpstreamError(
      `GitHub's answer for ${what} is not the JSON list of commits it should be (${why(error)})`,
    );
  }
  if (!Array.isArray(body))
    throw new UpstreamError(
      `GitHub's answer for ${what} is not a list of commits: ${JSON.stringify(body).slice(0, 200)}`,
    );
  if (body.length === 0)
    throw new UpstreamMovedError(
      `no commit on ${file.ref ?? 'the default branch'} of ${file.owner}/${file.repo} touches ${file.path}: the file was moved or renamed. Find where the spec lives now and set "path" (or "repository") in openapi/upstream/upstream.json`,
    );
  const first = body[0] as {
    sha?: unknown;
    commit?: { committer?: { date?: unknown }; message?: unknown };
  };
  const sha = first.sha;
  const date = first.commit?.committer?.date;
  if (
    typeof sha !== 'string' ||
    !/^[0-9a-f]{40}$/i.test(sha) ||
    typeof date !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T/.test(date)
  )
    throw new UpstreamError(
      `GitHub's answer for ${what} lacks a commit sha or date: ${JSON.stringify(first).slice(0, 200)}`,
    );
  const message = typeof first.commit?.message === 'string' ? first.commit.message : '';
  return { sha: sha.toLowerCase(), date, title: message.split('\n')[0]!.slice(0, 120) };
}

/** The file's bytes at `sha`, from the raw host. */
export async function downloadFile(
  file: UpstreamFile,
  sha: string,
  options: GitHubOptions = {},
): Promise<Uint8Array> {
  const raw = trimSlash(options.rawUrl ?? DEFAULT_RAW_URL);
  const url = `${raw}/${encodeURIComponent(file.owner)}/${encodeURIComponent(file.repo)}/${sha}/${encodePath(file.path)}`;
  const what = `${file.path} at ${sha.slice(0, 7)}`;
  const headers = { 'user-agent': 'openai-fine-tuning-spec-watch' };
  const { res } = await request(
    url,
    `the download of ${what}`,
    headers,
    options.timeoutMs ?? 120_000,
  );

  const limited = rateLimitOf(res, `the download of ${what}`, false);
  if (limited) throw limited;
  if (res.status === 404)
    throw new UpstreamMovedError(
      `${file.path} is not in ${file.owner}/${file.repo} at ${sha.slice(0, 7)} (HTTP 404 from ${url}): that commit moved or deleted it. Find where the spec lives now and set "path" (or "repository") in openapi/upstream/upstream.json`,
    );
  if (!res.ok)
    throw new UpstreamError(
      `the download of ${what} answered HTTP ${res.status}: ${await messageOf(res, undefined)}`,
    );
  const declared = Number(res.headers.get('content-length'));
  if (declared > MAX_DOWNLOAD_BYTES)
    throw new UpstreamError(
      `${what} is ${declared} bytes, more than the ${MAX_DOWNLOAD_BYTES} a spec can be; is ${url} the spec?`,
    );
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = res.body?.getReader();
    for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
      const chunk = next.value;
      size += chunk.byteLength;
      if (size > MAX_DOWNLOAD_BYTES)
        throw new UpstreamError(
          `${what} is more than the ${MAX_DOWNLOAD_BYTES} bytes a spec can be; is ${url} the spec?`,
        );
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamUnreachableError(
      `the download of ${what} broke off after ${size} bytes (${why(error)}); run again`,
      { cause: error },
    );
  }
  if (size === 0) throw new UpstreamError(`the download of ${what} is empty (${url})`);
  return Buffer.concat(chunks);
}
