// What `fetch` will refuse, or worse, send: a header name that is not an HTTP token, a value with a
// line break, a NUL or another control character (a lenient fetch would send an injected header),
// or a character above U+00FF (headers are Latin-1 bytes). Checked once, when the client is built
// (its keys, organization, project and headers) and when a key function resolves; a call's own
// `headers` are checked at the call. The value is never echoed: it may be a key.
import { describeValue } from './args.ts';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What is wrong with a header value, in words, or undefined when fetch can send it as it is. */
export function headerValueProblem(value: string): string | undefined {
  // HTAB is allowed inside a value; CR, LF, NUL, every other C0 control and DEL are not.
  if (/[\0-\x08\n-\x1f\x7f]/.test(value))
    return 'contains a line break, NUL or other control character';
  const at = value.search(/[^\0-\xff]/);
  if (at >= 0)
    return `contains a character outside Latin-1 at index ${at} (a placeholder such as '…' must be replaced by the real value)`;
  return undefined;
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
    if (!TOKEN.test(name))
      throw new Err(
        `\`${option}\`: header name number ${position} is not a valid header name (an HTTP token).`,
      );
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Err(
        `\`${option}\`: the value of the header ${JSON.stringify(name)} must be a string, got ${describeValue(value)}.`,
      );
    }
    const problem = headerValueProblem(String(value));
    if (problem)
      throw new Err(`\`${option}\`: the value of the header ${JSON.stringify(name)} ${problem}.`);
  }
}

/**
 * Throws `Err` when one option sent as a header value (a key, organization, project) cannot be
 * sent; `label` names where the value came from (`\`apiKey\``, `OPENAI_API_KEY`).
 */
export function checkHeaderValue(
  value: string,
  label: string,
  Err: new (message: string) => Error,
): void {
  const problem = headerValueProblem(value);
  if (problem) throw new Err(`${label} ${problem}. Nothing was sent.`);
}
