// Any failure as one line: what failed, the HTTP status and request id when there was an answer,
// and what to do. Errors are recognised by shape (status, requestId, name), not by class, so an
// error from another copy of the SDK reads the same. The stack only with --debug; keys never.
import { UsageError } from '../errors.ts';
import { redactText } from '../../errors/redact.ts';

interface HttpFailure {
  status: number;
  requestId?: string | undefined;
  method?: string;
  path?: string;
  error?: { message?: string } | undefined;
  message: string;
}

const isHttpFailure = (e: unknown): e is HttpFailure =>
  e instanceof Error && typeof (e as { status?: unknown }).status === 'number' && 'requestId' in e;

/** Where the ids a command takes are listed, for its 404 hint. */
function listsFor(command: string): string {
  if (command.startsWith('permissions revoke'))
    return '`openai-ft permissions list CHECKPOINT` lists its permission ids, and `openai-ft jobs checkpoints JOB` the checkpoints (model name or ftckpt_ id)';
  if (command.startsWith('permissions'))
    return "`openai-ft jobs checkpoints JOB` lists a job's checkpoints (model name or ftckpt_ id), and `openai-ft jobs list` the jobs";
  if (command.startsWith('models')) return '`openai-ft models list` shows the models that exist';
  if (command.startsWith('files')) return '`openai-ft files list` shows the files that exist';
  return '`openai-ft jobs list` and `openai-ft files list` show the ones that exist';
}

function hintFor(status: number, command: string): string {
  if (status === 400 || status === 422) return 'Fix the request as the message says.';
  if (status === 401) return 'Check the API key (--api-key or OPENAI_API_KEY).';
  if (status === 403)
    return 'The key may not do this; permissions commands need an admin key (--admin-key or OPENAI_ADMIN_KEY).';
  if (status === 404) return `Check the id; ${listsFor(command)}.`;
  if (status === 409)
    return 'The object is not in a state that allows this; `openai-ft jobs get ID` shows its status.';
  if (status === 429) return 'Rate limited or out of quota: wait a moment and retry.';
  if (status >= 500)
    return 'The server failed: retry later, and quote the request id if it persists.';
  return 'See the message above.';
}

/** Drops the SDK's own `METHOD /path failed with status N: ` and `(request id …)` parts, which the line says itself. */
function detailOf(e: HttpFailure): string {
  const own = e.error?.message;
  if (own) return own;
  return e.message
    .replace(/^\S+ \S+ failed with status \d+:?\s*/, '')
    .replace(/\s*\(request id [^)]*\)\.?$/, '')
    .trim();
}

export function describeError(
  error: unknown,
  command: string,
  secrets: readonly string[],
  debug = false,
): string {
  let line: string;
  if (error instanceof UsageError) {
    line = `${error.message} See \`openai-ft ${error.command ?? command} --help\`.`;
  } else if (isHttpFailure(error)) {
    const where = error.method && error.path ? ` (${error.method} ${error.path})` : '';
    const detail = detailOf(error);
    line =
      `${command} failed${where}: HTTP ${error.status}${detail ? `: ${detail.replace(/[.\s]+$/, '')}` : ''}` +
      `${error.requestId ? ` [request id ${error.requestId}]` : ''}. ${hintFor(error.status, command)}`;
  } else if (error instanceof Error && /^(ConnectionError|TimeoutError)$/.test(error.name)) {
    // `GET /path failed: could not reach…`: say it once, and name the CLI's flag rather than the option.
    line = `${command} failed: ${error.message.replace(/^\S+ \S+ failed:\s*/, '').replace('and baseUrl', 'and --base-url (or OPENAI_BASE_URL)')}`;
  } else if (
    error instanceof Error &&
    /Error$/.test(error.name) &&
    error.name !== 'Error' &&
    error.name !== 'TypeError'
  ) {
    // The SDK's own errors (InvalidArgumentError, ConfigurationError, …) already say what to do.
    line = `${command} failed: ${error.message}`;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    line = `${command} failed unexpectedly: ${message}. Re-run with --debug for details.`;
  }
  let out = `openai-ft: ${line.replace(/\s+/g, ' ').trim()}`;
  if (debug && error instanceof Error && error.stack) out += `\n${error.stack}`;
  return redactText(out, secrets);
}
