// What a request needs once an attempt has failed (a thrown fetch, a timeout, a non-2xx answer):
// the retry loop, backoff and `retry-after`, reconciling before re-sending a create whose fate is
// unknown, and the typed error at the end. transport.ts sends the first attempt and loads this
// module at the first failure, so a client whose calls succeed never loads it. The event-stream
// path (an answer handed over open, sent once) lives here too.
// Long because everything a failure needs is one module, loaded once at the first failure: split,
// each part would be a chunk of its own, loaded in turn.
import { APIError, errorBodyOf } from '../errors/api-error.ts';
import { DailyRateLimitError } from '../errors/daily-rate-limit.ts';
import { FineTuningError } from '../errors/base.ts';
import {
  AbortError,
  ConnectionError,
  TimeoutError,
  UnsendableRequestError,
} from '../errors/connection.ts';
import { redactResponse, secretsOf } from '../errors/redact.ts';
import type { RetryPolicy } from './policy.ts';
import { followRedirects } from './redirect.ts';
import { sleep } from './sleep.ts';
import { textOf, type Attempt, type Exchange, type Sending } from './sending.ts';
import { answerLine, finish, sendAttempt } from './call.ts';

/** An answer that is not 2xx as an APIError (its body parsed as JSON when it is JSON). */
function apiError(
  call: Sending,
  response: Response,
  raw: string | ArrayBuffer,
  note?: string,
): APIError {
  const text = textOf(raw);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text is the body
  }
  const init = {
    status: response.status,
    headers: response.headers,
    method: call.method,
    path: call.path,
    body: parsed,
    secrets: secretsOf(call.headers),
    note,
  };
  // The daily cap is picked here, not in APIError.from, so the code loaded at start stays small.
  return response.status === 429 && isDailyCapBody(parsed)
    ? new DailyRateLimitError(init)
    : APIError.from(init);
}

/**
 * An answer its caller reads as a stream that stays open (an event stream): sent once, with no
 * timeout over the body, since the caller owns reading and reconnecting.
 */
export async function openStream<T>(call: Sending): Promise<Exchange<T>> {
  const { method, path, caller } = call;
  let response: Response;
  const span = call.traced?.attempt(1); // telemetry hook
  try {
    const init = { ...call.init, signal: caller ?? null };
    const send = call.send; // detached: a browser's fetch refuses another `this`
    response = await send(call.url, init);
    // A redirect, or a custom fetch's answer from another origin (./redirect.ts).
    response = await followRedirects({ ...call, init }, response);
    span?.end({ response, timedOut: false }); // telemetry hook
  } catch (error) {
    span?.end({ thrown: error, timedOut: false }); // telemetry hook
    if (error instanceof FineTuningError) throw error;
    throw caller?.aborted
      ? new AbortError(method, path, caller.reason)
      : refusedByFetch(error)
        ? new UnsendableRequestError(method, path, error, Object.values(call.headers))
        : new ConnectionError(method, path, error);
  }
  if (!response.ok) throw apiError(call, response, await response.text());
  return {
    data: response.body as T,
    response: redactResponse(response, call.headers),
    request: { method, url: call.url },
  };
}

/**
 * Goes on from a first attempt that failed: retries what is safe to retry, looks up the result of
 * an attempt that may have arrived before re-sending (`reconcile`), and throws the typed error.
 */
export async function recover<T>(call: Sending, first: Attempt): Promise<Exchange<T>> {
  const { method, path, settings, caller, log, policy, attempts } = call;
  const ms = (started: number) => Math.round(performance.now() - started);
  const line = (attempt: number) => `${method} ${path} attempt=${attempt}/${attempts}`;
  const wait = (delay: number) =>
    sleep(delay, caller).catch(() => {
      throw new AbortError(method, path, caller!.reason);
    });
  let ambiguous = false;
  // The last failure, to throw when looking for the earlier attempt's result fails too.
  let failure:
    | { error: ConnectionError }
    | { response: Response; raw: string | ArrayBuffer }
    | undefined;
  let outcome = first;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      if (caller?.aborted) throw new AbortError(method, path, caller.reason);
      if (ambiguous && settings?.reconcile) {
        try {
          const found = await settings.reconcile(caller);
          if (found) {
            log.info?.(
              `reconciled ${line(attempt)}: the earlier attempt had succeeded, not re-sending`,
            );
            return finish<T>(
              call,
              found,
              call.binary ? await found.arrayBuffer() : await found.text(),
            );
          }
        } catch (error) {
          if (caller?.aborted) throw new AbortError(method, path, caller.reason);
          log.warn?.(`reconcile ${line(attempt)} failed: ${(error as Error).message}`);
          if (attempt >= attempts) {
            const note = `The request may have been processed: looking for its result failed, so it was not sent again (Idempotency-Key ${call.headers['idempotency-key']}).`;
            throw 'error' in failure!
              ? withNote(failure.error, note)
              : apiError(call, failure!.response, failure!.raw, note);
          }
          await wait(backoffMs(attempt, policy));
          continue;
        }
      }
      outcome = await sendAttempt(call, attempt);
    }
    const { started } = outcome;

    if (!outcome.response) {
      const thrown = outcome.thrown;
      const error = caller?.aborted
        ? new AbortError(method, path, caller.reason)
        : outcome.timedOut
          ? new TimeoutError(method, path, call.timeout, { attempts: attempt })
          : thrown instanceof FineTuningError
            ? thrown
            : !outcome.answered && refusedByFetch(thrown)
              ? new UnsendableRequestError(method, path, thrown, Object.values(call.headers))
              : new ConnectionError(method, path, thrown, { attempts: attempt });
      if (!(error instanceof ConnectionError)) {
        log.info?.(`failed ${line(attempt)} duration=${ms(started)}ms: ${error.message}`);
        throw error;
      }
      failure = { error };
      const mayHaveArrived = !neverSent(thrown);
      const refusal =
        attempt >= attempts
          ? undefined
          : call.streamed
            ? STREAM_NOTE
            : mayHaveArrived && settings?.unsafeToResend && !settings.reconcile
              ? settings.unsafeToResend
              : undefined;
      if (attempt >= attempts || refusal) {
        log.info?.(`failed ${line(attempt)} duration=${ms(started)}ms: ${error.message}`);
        throw refusal ? withNote(error, refusal) : error;
      }
      ambiguous ||= mayHaveArrived;
      const delay = backoffMs(attempt, policy);
      log.info?.(
        `retry ${method} ${path} error=${error.name} attempt=${attempt}/${attempts} duration=${ms(started)}ms, retrying in ${Math.round(delay)}ms`,
      );
      await wait(delay);
      continue;
    }

    const { response, raw } = outcome;
    const status = response.status;
    const done = () => answerLine(call, attempt, outcome);
    if (response.ok) {
      log.debug?.(`response ${done()}`);
      return finish<T>(call, response, raw!);
    }
    let delay: number | undefined;
    if (attempt < attempts && isRetryableResponse(response, policy) && !dailyCap(response, raw!)) {
      delay = retryAfterMs(response.headers) ?? backoffMs(attempt, policy);
      if (delay > policy.maxRetryAfterMs) delay = undefined;
    }
    if (delay === undefined) {
      log.info?.(`response ${done()}`);
      throw apiError(call, response, raw!);
    }
    const refusal = call.streamed
      ? STREAM_NOTE
      : status >= 500 && settings?.unsafeToResend && !settings.reconcile
        ? settings.unsafeToResend
        : undefined;
    if (refusal) {
      log.info?.(`response ${done()} (not retried)`);
      throw apiError(call, response, raw!, refusal);
    }
    ambiguous ||= status >= 500;
    failure = { response, raw: raw! };
    log.info?.(`retry ${done()}, retrying in ${Math.round(delay)}ms`);
    await wait(delay);
  }
}

/**
 * Whether a parsed error body names the daily cap on fine-tuning job creation. Here rather than
 * beside DailyRateLimitError: that module loads at start (the main entry exports the class).
 */
function isDailyCapBody(body: unknown): boolean {
  return errorBodyOf(body)?.code === 'daily_rate_limit_exceeded';
}

/** A 429 for the daily cap on job creation: retrying within seconds cannot succeed. */
function dailyCap(response: Response, raw: string | ArrayBuffer): boolean {
  if (response.status !== 429) return false;
  try {
    return isDailyCapBody(JSON.parse(textOf(raw)));
  } catch {
    return false;
  }
}

/** ECONNREFUSED means nothing reached the server: re-sending cannot duplicate anything. */
function neverSent(error: unknown): boolean {
  for (
    let link = error, depth = 0;
    link && depth < 4;
    link = (link as { cause?: unknown }).cause, depth++
  ) {
    if ((link as { code?: unknown }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

function withNote(error: ConnectionError, note: string): ConnectionError {
  if (error instanceof TimeoutError)
    return new TimeoutError(error.method, error.path, error.timeout, {
      attempts: error.attempts,
      note,
    });
  return new ConnectionError(error.method, error.path, error.cause, {
    attempts: error.attempts,
    note,
  });
}

const STREAM_NOTE =
  'Not retried: the request body is a stream, which cannot be sent twice; pass a Blob, File, string or ArrayBuffer to make the request retriable.';

const NETWORK_FAILURE =
  /^(?:fetch failed|terminated|failed to fetch|load failed|network ?error\b.*)$/i;
// What undici reports (as the cause of "fetch failed") when it refuses a request it was handed.
const REFUSED_BY_FETCH =
  /invalid .*header|unknown scheme|bad port|not a valid http method|expected non-null body/i;

/**
 * Whether a `fetch` rejection means fetch refused the request as built (a header, the URL, the
 * method or the body) rather than that the network failed: such a request was never sent, and
 * sending it again cannot help. Only for fetch's own rejection, before any response.
 */
export function refusedByFetch(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TypeError') return false;
  if (!NETWORK_FAILURE.test(error.message)) return true;
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  return (
    typeof cause === 'object' &&
    cause !== null &&
    cause.code === undefined &&
    typeof cause.message === 'string' &&
    REFUSED_BY_FETCH.test(cause.message)
  );
}

/** Whether a response with this status and these headers should be retried. */
export function isRetryableResponse(response: Response, policy: RetryPolicy): boolean {
  const hint = response.headers.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  return policy.retryStatus(response.status);
}

/**
 * The wait the server asked for: `retry-after-ms`, then `retry-after` in seconds or as an HTTP
 * date; undefined when it named none (or named something unreadable).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0)
    return Number(ms);
  const after = headers.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: up to a quarter of the delay is taken off at random. */
export function backoffMs(retry: number, policy: RetryPolicy): number {
  const base = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return base * (1 - Math.random() * 0.25);
}
