// The steps of one attempt over a request as the transport built it (a `Sending`, ./sending.ts):
// `sendAttempt` sends once under its own timeout and reads the answer whole; `finish` turns a 2xx
// answer into the caller's exchange; `answerLine` names an answer in a log line. The retry loop
// (./recover.ts, loaded at the first failure) drives the later attempts with the same functions.
// Plain functions over one plain object: a request allocates no closure for them.
import { InvalidResponseError } from '../errors/invalid-response.ts';
import { headersForLog, redactResponse, secretsOf } from '../errors/redact.ts';
import { textOf, type Attempt, type Exchange, type Sending } from './sending.ts';

/**
 * Sends attempt `attempt` of `call` under its own timeout (headers and body) and reads the answer
 * whole. Never throws: what went wrong is in the result.
 */
export async function sendAttempt(call: Sending, attempt: number): Promise<Attempt> {
  const { init, log, bodyFor, url } = call;
  const result: Attempt = {
    started: log.info ? performance.now() : 0,
    timedOut: false,
    answered: false,
  };
  log.debug?.(
    `request ${call.method} ${call.path} attempt=${attempt}/${call.attempts} headers=${JSON.stringify(headersForLog(call.headers, secretsOf(call.headers)))}`,
  );
  const span = call.traced?.attempt(attempt); // telemetry hook
  const controller = (call.controller = new AbortController());
  const timer = setTimeout(() => {
    result.timedOut = true;
    controller.abort();
  }, call.timeout);
  try {
    init.signal = controller.signal;
    if (bodyFor) init.body = bodyFor(attempt);
    // Called detached: a browser's fetch refuses any `this` but the window (Illegal invocation).
    const send = call.send;
    let response = await send(url, init);
    // A redirect loads the redirect policy (./redirect.ts, on first use): it follows it or throws
    // a RedirectError. A redirect is an answer that is not ok and below 400 (a 3xx, or status 0, a
    // browser's opaque redirect), or one a custom fetch followed by itself (`redirected`, or an
    // answer from another origin).
    if (
      (!response.ok && response.status < 400) ||
      response.redirected ||
      (response.url !== url && response.url && !response.url.startsWith(call.originPrefix))
    )
      response = await (await import('./redirect.ts')).followRedirects(call, response);
    result.answered = true;
    result.raw = call.binary ? await response.arrayBuffer() : await response.text();
    result.response = response;
    call.observe(response.headers);
  } catch (thrown) {
    result.thrown = thrown;
  } finally {
    clearTimeout(timer);
    if (bodyFor) init.body = null;
  }
  span?.end(result); // telemetry hook
  return result;
}

/** The log line naming an answer: method, path, status, attempt, duration, request id. */
export const answerLine = (call: Sending, attempt: number, { started, response }: Attempt) =>
  `${call.method} ${call.path} status=${response!.status} attempt=${attempt}/${call.attempts} duration=${Math.round(performance.now() - started)}ms request_id=${response!.headers.get('x-request-id') ?? '-'}`;

/** The exchange for a 2xx answer, its body parsed as `parseAs` asks (JSON must parse). */
export function finish<R>(
  call: Sending,
  response: Response,
  raw: string | ArrayBuffer,
): Exchange<R> | Promise<Exchange<R>> {
  const { parseAs } = call;
  // Any other body than JSON (a file's content, text) loads its parsing on first use.
  if (parseAs && parseAs !== 'json' && parseAs !== 'auto')
    return import('./parse-as.ts').then(({ parseBody }) =>
      exchange<R>(call, parseBody(parseAs, raw, response)),
    );
  const text = textOf(raw);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidResponseError(
      call.method,
      call.path,
      response,
      text.trim() === ''
        ? 'its body is empty'
        : `its body is not valid JSON (${(error as Error).message})`,
    );
  }
  return exchange<R>(call, { data, response });
}

/** The caller's exchange: the data, and the answer with its headers redacted as in every error and log line. */
function exchange<R>(
  call: Sending,
  parsed: { data: unknown; response: Response },
): Exchange<R> | Promise<Exchange<R>> {
  const shown = {
    data: parsed.data as R,
    response: redactResponse(parsed.response, call.headers),
    request: { method: call.method, url: call.url },
  };
  // Only a FormData answer is parsed asynchronously.
  return parsed.data instanceof Promise
    ? parsed.data.then((data: R) => ({ ...shown, data }))
    : shown;
}
