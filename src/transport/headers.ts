// What `fetch` will refuse, or worse, send: a header name that is not an HTTP token, a value with a
// line break, a NUL or another control character (a lenient fetch would send an injected header),
// or a character above U+00FF (headers are Latin-1 bytes). Checked once, when the client is built
// (its keys, organization, project and headers) and when a key function resolves; a call's own
// `headers` are checked at the call. The value is never echoed: it may be a key.

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// HTAB (0x09) is allowed inside a value; every other C0 control and DEL is not.
const CONTROL = /[\x00-\x08\x0A-\x1F\x7F]/;
const BEYOND_LATIN1 = /[^\x00-\xFF]/;

/** What is wrong with a header value, in words, or undefined when fetch can send it as it is. */
export function headerValueProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'contains a line break (CR or LF)';
  if (value.includes('\0')) return 'contains a NUL character';
  if (CONTROL.test(value)) return 'contains a control character';
  const at = value.search(BEYOND_LATIN1);
  if (at >= 0) {
    return `contains a character outside Latin-1 at index ${at} (U+${value.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0')}); a placeholder such as '…' must be replaced by the real value`;
  }
  return undefined;
}

/** What is wrong with a header name, or undefined when it is an HTTP token. */
export function headerNameProblem(name: string): string | undefined {
  return TOKEN.test(name) ? undefined : 'is not a valid header name (letters, digits and !#$%&\'*+.^_`|~- only)';
}

/**
 * Throws `Err` naming `option` and the problem when `headers` has a name or value that cannot be
 * sent. Names are safe to show; values are not shown.
 */
export function checkHeaders(
  headers: Record<string, unknown>,
  option: string,
  Err: new (message: string) => Error,
): void {
  let position = 0;
  for (const name in headers) {
    position++;
    const value = headers[name];
    if (value === null || value === undefined) continue;
    // A name that is not a token could be anything (a pasted line, a key): it is not shown.
    const nameProblem = headerNameProblem(name);
    if (nameProblem) throw new Err(`\`${option}\`: header name number ${position} ${nameProblem}. It was not sent.`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Err(`\`${option}\`: the value of the header ${JSON.stringify(name)} must be a string, got ${kindOf(value)}.`);
    }
    const problem = headerValueProblem(String(value));
    if (problem) throw new Err(`\`${option}\`: the value of the header ${JSON.stringify(name)} ${problem}. It was not sent.`);
  }
}

/**
 * Throws `Err` when one option sent as a header value (a key, organization, project) cannot be
 * sent; `label` names where the value came from (`\`apiKey\``, `OPENAI_API_KEY`).
 */
export function checkHeaderValue(value: string, label: string, Err: new (message: string) => Error): void {
  const problem = headerValueProblem(value);
  if (problem) throw new Err(`${label} ${problem}. It was not sent; pass the value exactly as issued, without quotes or line breaks.`);
}

/** A short name for an unknown value, without its content. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}


const NETWORK_FAILURE = /^(?:fetch failed|terminated|failed to fetch|load failed|network ?error\b.*)$/i;
// What undici reports (as the cause of "fetch failed") when it refuses a request it was handed.
const REFUSED_BY_FETCH = /invalid .*header|unknown scheme|bad port|not a valid http method|expected non-null body/i;

/**
 * Whether a `fetch` rejection means fetch refused the request as built (a header, the URL, the
 * method or the body) rather than that the network failed: such a request was never sent, and
 * sending it again cannot help. Only for fetch's own rejection, before any response.
 */
export function refusedByFetch(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TypeError') return false;
  if (!NETWORK_FAILURE.test(error.message)) return true;
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  return typeof cause === 'object' && cause !== null && cause.code === undefined && typeof cause.message === 'string' && REFUSED_BY_FETCH.test(cause.message);
}
