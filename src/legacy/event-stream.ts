// The live event stream of a legacy fine-tune (`GET /fine-tunes/{id}/events?stream=true`): an
// async iterable of events that ends on `data: [DONE]`. Reconnection is bounded: after the
// connection drops before [DONE], at most `maxReconnects` new connections in a row that bring no
// new event, then a ConnectionError. (The generator's own SSE client retries without end.)
import type { FineTuneEvent } from './types.ts';
import {
  AbortError,
  ConnectionError,
  InvalidArgumentError,
  InvalidResponseError,
} from '../errors.ts';
import type { RequestOptions } from '../calls/call.ts';
import { EventStreamParser, type ServerSentEvent } from '../calls/sse.ts';
import { sleep } from '../transport/sleep.ts';
import { EventStreamError } from './errors.ts';

/**
 * Options of `listEvents(id, { stream: true }, options)`.
 * @deprecated The legacy /fine-tunes API is deprecated; poll `FineTuning#jobs.listEvents()` instead.
 */
export interface EventStreamOptions extends RequestOptions {
  /**
   * How many times in a row to reconnect after the connection drops before `data: [DONE]`
   * without a new event arriving; then the iteration throws a ConnectionError. 0 never reconnects.
   * @default 2
   */
  maxReconnects?: number | undefined;
  /**
   * How long to wait before reconnecting, unless the server asked otherwise with `retry:`
   * (capped at 30 s).
   * @default 1000
   */
  reconnectDelayMs?: number | undefined;
}

/** Opens one connection; throws the facade's typed errors for a non-2xx or a network failure. */
export type OpenStream = (init: {
  signal?: AbortSignal;
  headers: Record<string, string>;
}) => Promise<{ data: unknown; response: Response; request: { method: string; url: string } }>;

const MAX_RETRY_MS = 30_000;
const DONE = Symbol('done');

function checkCount(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      `\`${name}\` must be a whole number of 0 or more, got ${String(value)}.`,
    );
  }
  return value;
}

/**
 * The events of a legacy fine-tune as they happen. Iterate it once with `for await`; the request
 * starts when the iteration does. Leaving the loop early (`break`) closes the connection.
 * @example
 * for await (const event of legacy.listEvents('ft-abc123', { stream: true })) console.log(event.message);
 * @deprecated The legacy /fine-tunes API is deprecated; the modern job events
 * (`FineTuning#jobs.listEvents()`) are polled, not streamed.
 */
export class LegacyEventStream implements AsyncIterable<FineTuneEvent> {
  readonly #open: OpenStream;
  readonly #signal: AbortSignal | undefined;
  readonly #headers: Record<string, string>;
  readonly #maxReconnects: number;
  readonly #delay: number;
  #started = false;

  constructor(open: OpenStream, options: EventStreamOptions = {}) {
    this.#open = open;
    this.#signal = options.signal;
    this.#headers = options.headers ?? {};
    this.#maxReconnects = checkCount('maxReconnects', options.maxReconnects, 2);
    this.#delay = checkCount('reconnectDelayMs', options.reconnectDelayMs, 1000);
  }

  [Symbol.asyncIterator](): AsyncIterator<FineTuneEvent> {
    if (this.#started) {
      throw new InvalidArgumentError(
        'This event stream was already iterated: call listEvents(id, { stream: true }) again for a new one.',
      );
    }
    this.#started = true;
    return this.#events();
  }

  async *#events(): AsyncGenerator<FineTuneEvent, void, undefined> {
    let delivered = 0;
    let failures = 0;
    let lastEventId = '';
    let retry = this.#delay;
    for (;;) {
      let opened: Awaited<ReturnType<OpenStream>>;
      try {
        opened = await this.#open({
          ...(this.#signal ? { signal: this.#signal } : {}),
          headers: {
            accept: 'text/event-stream',
            ...this.#headers,
            ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          },
        });
      } catch (error) {
        // A connection that cannot be made counts like one that drops; anything else (an HTTP
        // error, an abort, a missing key) ends the stream at once.
        if (!(error instanceof ConnectionError) || failures + 1 > this.#maxReconnects) throw error;
        failures++;
        await this.#pause(retry, error);
        continue;
      }
      const { data, response, request } = opened;
      const where = { method: request.method, path: new URL(request.url).pathname };
      const body = data as ReadableStream<Uint8Array> | null;
      const type = response.headers.get('content-type') ?? '';
      if (!type.toLowerCase().startsWith('text/event-stream')) {
        await body?.cancel().catch(() => {});
        throw new InvalidResponseError(
          where.method,
          where.path,
          response,
          `it is not an event stream (content-type ${JSON.stringify(type)}), so the server did not honour stream=true`,
        );
      }
      // Without event ids the server cannot resume: it replays the job's events from the first,
      // so the ones already yielded are skipped. With ids it resumes after Last-Event-ID.
      const skip = lastEventId ? 0 : delivered;
      const before = delivered;
      let seen = 0;
      const parser = new EventStreamParser();
      parser.lastEventId = lastEventId;
      let cause: unknown = new Error('the server closed the stream');
      const reader = body?.getReader();
      try {
        while (reader) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (error) {
            if (this.#signal?.aborted) throw this.#aborted(where);
            cause = error;
            break;
          }
          if (chunk.done) break;
          for (const event of parser.push(chunk.value)) {
            const value = this.#interpret(event, response, where);
            if (value === DONE) return;
            if (value === undefined || seen++ < skip) continue;
            delivered++;
            yield value;
          }
        }
      } finally {
        // Closes the connection when the loop left early (break, throw, return) or read to the end.
        await reader?.cancel().catch(() => {});
      }
      lastEventId = parser.lastEventId;
      if (parser.retry !== undefined) retry = Math.min(parser.retry, MAX_RETRY_MS);
      failures = delivered > before ? 1 : failures + 1;
      if (failures > this.#maxReconnects) {
        const error = new ConnectionError(where.method, where.path, cause);
        const reason = cause instanceof Error ? cause.message : String(cause);
        error.message =
          `${where.method} ${where.path}: the event stream ended before \`data: [DONE]\` (${reason})` +
          (this.#maxReconnects > 0
            ? ` and ${this.#maxReconnects} reconnection(s) brought no new event`
            : '') +
          '. The job may still be running: retrieve() it or call listEvents() again.';
        throw error;
      }
      await this.#pause(retry, where);
    }
  }

  /** An abort as every other call reports it: the SDK's AbortError, the signal's reason as `cause`. */
  #aborted(where: { method: string; path: string }): AbortError {
    return new AbortError(where.method, where.path, this.#signal?.reason);
  }

  /** Waits before reconnecting; an abort meanwhile rejects with the SDK's AbortError. */
  #pause(ms: number, where: { method: string; path: string }): Promise<void> {
    return sleep(ms, this.#signal).catch(() => {
      throw this.#aborted(where);
    });
  }

  /** An event's meaning: a fine-tune event, the end, nothing (an event type we do not know), or an error. */
  #interpret(
    event: ServerSentEvent,
    response: Response,
    where: { method: string; path: string },
  ): FineTuneEvent | typeof DONE | undefined {
    if (event.event !== 'message' && event.event !== 'error') return undefined;
    if (event.event === 'message' && event.data.trim() === '[DONE]') return DONE;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch (error) {
      if (event.event === 'error') parsed = event.data;
      else {
        throw new InvalidResponseError(
          where.method,
          where.path,
          response,
          `an event's data is not valid JSON (${(error as Error).message}): ${event.data.slice(0, 200)}`,
        );
      }
    }
    const isError =
      event.event === 'error' ||
      (parsed !== null && typeof parsed === 'object' && 'error' in parsed);
    if (isError) {
      throw new EventStreamError({
        status: response.status,
        headers: response.headers,
        ...where,
        body: parsed,
      });
    }
    return parsed as FineTuneEvent;
  }
}
