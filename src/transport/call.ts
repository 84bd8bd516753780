// One request as the transport built it (./transport.ts): the state every attempt shares, and the
// steps that need it. `attempt` sends once under its own timeout and reads the answer whole;
// `finish` turns a 2xx answer into the caller's exchange; `outcome` names an answer in a log line.
// The retry loop (./recover.ts, loaded at the first failure) drives the later attempts through the
// same object. A class rather than closures, so a request allocates one object, not five functions.
import { InvalidResponseError } from '../errors/invalid-response.ts';
import { headersForLog, redactResponse, secretsOf } from '../errors/redact.ts';
import type { Log } from './log.ts';
import type { ResolvedOptions } from './options.ts';
import { mergePolicy, type RetryPolicy } from './policy.ts';
import {
  textOf,
  type Attempt,
  type CallSettings,
  type ClientRequest,
  type Exchange,
  type ParseAs,
  type Sending,
} from './sending.ts';
import type { RequestTrace } from '../telemetry/types.ts';

/** What the client that built a call lends it: its options, and where answers' rate limits go. */
export interface CallOwner {
  readonly options: ResolvedOptions;
  /** The base URL's origin followed by `/`: an answer from anywhere else went through a redirect. */
  readonly originPrefix: string;
  /** Records the `x-ratelimit-*` figures of an answer (any status). */
  observe(headers: Headers): void;
}

export class Call implements Sending {
  readonly settings: CallSettings | undefined;
  readonly caller: AbortSignal | undefined;
  readonly log: Log;
  readonly send: typeof fetch;
  readonly policy: RetryPolicy;
  readonly timeout: number;
  /** How many attempts the retry policy allows (`maxRetries + 1`). */
  readonly attempts: number;
  readonly binary: boolean;
  readonly streamed: boolean;
  private readonly parseAs: ParseAs | undefined;
  /** A body made for each attempt (an Upload part, given the attempt's number), or undefined. */
  private readonly bodyFor: ((attempt: number) => BodyInit) | undefined;
  /** The attempt in flight, so the caller's abort reaches it. */
  private controller: AbortController | undefined;

  constructor(
    private readonly owner: CallOwner,
    request: ClientRequest,
    readonly method: string,
    readonly path: string,
    readonly url: string,
    readonly init: RequestInit & { duplex?: 'half' },
    readonly headers: Record<string, string>,
    readonly traced: RequestTrace | undefined,
  ) {
    const { options } = owner;
    const settings = (this.settings = request.settings);
    this.caller = request.signal ?? undefined;
    this.log = options.log;
    this.send = options.fetch ?? globalThis.fetch;
    this.policy = settings
      ? mergePolicy(options.retry, settings.retry, settings.maxRetries)
      : options.retry;
    this.timeout = settings?.timeout ?? options.timeout;
    this.attempts = this.policy.maxRetries + 1;
    const parseAs = (this.parseAs = request.parseAs);
    this.binary =
      parseAs === 'arrayBuffer' ||
      parseAs === 'blob' ||
      parseAs === 'formData' ||
      parseAs === 'stream';
    const body = init.body;
    this.streamed = typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
    this.bodyFor = typeof body === 'function' ? (body as (attempt: number) => BodyInit) : undefined;
  }

  /** Passes the caller's abort on to the attempt in flight. */
  readonly abort = (): void => this.controller?.abort(this.caller!.reason);

  /**
   * Sends attempt `attempt` under its own timeout (headers and body) and reads the answer whole.
   * Never throws: what went wrong is in the result.
   */
  async attempt(attempt: number): Promise<Attempt> {
    const { init, log } = this;
    const result: Attempt = {
      started: log.warn ? performance.now() : 0,
      timedOut: false,
      answered: false,
    };
    log.debug?.(
      `request ${this.method} ${this.path} attempt=${attempt}/${this.attempts} headers=${JSON.stringify(headersForLog(this.headers, secretsOf(this.headers)))}`,
    );
    const span = this.traced?.attempt(attempt); // telemetry hook
    const controller = (this.controller = new AbortController());
    const timer = setTimeout(() => {
      result.timedOut = true;
      controller.abort();
    }, this.timeout);
    try {
      init.signal = controller.signal;
      if (this.bodyFor) init.body = this.bodyFor(attempt);
      let response = await this.send(this.url, init);
      // A redirect loads the redirect policy (./redirect.ts, through ./recover.ts, which the
      // transport loads anyway at a failure): it follows it or throws a RedirectError. A redirect is
      // an answer that is not ok and below 400 (a 3xx, or status 0, a browser's opaque redirect), or
      // one a custom fetch followed by itself (`redirected`, or an answer from another origin).
      if (
        (!response.ok && response.status < 400) ||
        response.redirected ||
        (response.url !== this.url &&
          response.url &&
          !response.url.startsWith(this.owner.originPrefix))
      )
        response = await (await import('./recover.ts')).followRedirects(this, response);
      result.answered = true;
      result.raw = this.binary ? await response.arrayBuffer() : await response.text();
      result.response = response;
      this.owner.observe(response.headers);
    } catch (thrown) {
      result.thrown = thrown;
    } finally {
      clearTimeout(timer);
      if (this.bodyFor) init.body = null;
    }
    span?.end(result); // telemetry hook
    return result;
  }

  /** The log line naming an answer: method, path, status, attempt, duration, request id. */
  outcome(attempt: number, { started, response }: Attempt): string {
    return `${this.method} ${this.path} status=${response!.status} attempt=${attempt}/${this.attempts} duration=${Math.round(performance.now() - started)}ms request_id=${response!.headers.get('x-request-id') ?? '-'}`;
  }

  /** The exchange for a 2xx answer, its body parsed as `parseAs` asks. */
  finish<R>(response: Response, raw: string | ArrayBuffer): Exchange<R> | Promise<Exchange<R>> {
    const parsed = parse(this.parseAs, raw, response, this.method, this.path);
    // The caller sees the answer's headers redacted, as in every error and log line.
    const exchange = {
      data: parsed.data as R,
      response: redactResponse(parsed.response, this.headers),
      request: { method: this.method, url: this.url },
    };
    // Only a FormData answer is parsed asynchronously.
    return parsed.data instanceof Promise
      ? parsed.data.then((data: R) => ({ ...exchange, data }))
      : exchange;
  }
}

/** The body of a 2xx answer as `parseAs` asks; JSON must parse, or the call fails. */
function parse(
  parseAs: ParseAs | undefined,
  raw: string | ArrayBuffer,
  response: Response,
  method: string,
  path: string,
): { data: unknown; response: Response } {
  if (parseAs === 'text' || parseAs === 'arrayBuffer') return { data: raw, response };
  if (parseAs === 'blob')
    return {
      data: new Blob([raw], { type: response.headers.get('content-type') ?? '' }),
      response,
    };
  if (parseAs === 'stream' || parseAs === 'formData') {
    // A fresh Response over the bytes already read, so whoever holds it can read it as usual.
    const copy = new Response((raw as ArrayBuffer).byteLength > 0 ? raw : null, response);
    return { data: parseAs === 'stream' ? copy.body : copy.formData(), response: copy };
  }
  const text = textOf(raw);
  try {
    return { data: JSON.parse(text), response };
  } catch (error) {
    throw new InvalidResponseError(
      method,
      path,
      response,
      text.trim() === ''
        ? 'its body is empty'
        : `its body is not valid JSON (${(error as Error).message})`,
    );
  }
}
