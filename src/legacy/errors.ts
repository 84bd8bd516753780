import { APIError, type APIErrorInit, guardFor } from '../errors.ts';

/**
 * The server reported an error inside an event stream that had started with a 2xx status: an
 * `event: error` event, or a `data:` object with an `error` member. An {@link APIError}, so one
 * `instanceof APIError` check covers both ways a request can fail.
 * @deprecated The legacy /fine-tunes API is deprecated; the modern `/fine_tuning/jobs/{id}/events`
 * does not stream: poll `FineTuning#jobs.listEvents()` instead.
 */
export class EventStreamError extends APIError {
  static override readonly kind: string = 'EventStreamError';
  constructor(init: APIErrorInit) {
    super(init);
    const detail =
      this.error?.message ??
      (typeof init.body === 'string' ? init.body : JSON.stringify(init.body));
    this.message =
      `${init.method} ${init.path}: the server sent an error event in the stream: ${detail}` +
      (this.requestId ? ` (request id ${this.requestId})` : '');
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/**
 * Whether `value` is an EventStreamError (from any copy of the package); `instanceof` works as well.
 * @deprecated The legacy /fine-tunes API is deprecated; poll `FineTuning#jobs.listEvents()` instead.
 */
export const isEventStreamError = /* @__PURE__ */ guardFor<EventStreamError>('EventStreamError');
