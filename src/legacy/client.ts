import {
  cancelFineTune,
  createFineTune,
  listFineTuneEvents,
  listFineTunes,
  retrieveFineTune,
} from '../../generated/legacy/sdk.gen.ts';
import type {
  CreateFineTuneRequest,
  FineTune,
  ListFineTuneEventsResponse,
  ListFineTunesResponse,
} from './types.ts';
import type { RequestClient } from '../transport/transport.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { FineTuning } from '../client.ts';
import { call, type RequestOptions } from '../calls/call.ts';
import type { ClientOptions, ResolvedOptions } from '../transport/options.ts';
import { warnDeprecatedOnce } from './deprecation.ts';
import { LegacyEventStream, type EventStreamOptions } from './event-stream.ts';

/**
 * Options of {@link LegacyFineTunes}: those of `FineTuning`, and whether to warn.
 * @deprecated The legacy /fine-tunes API is deprecated; use `ClientOptions` with `FineTuning`.
 */
export interface LegacyClientOptions extends ClientOptions {
  /**
   * `false` silences the one-time deprecation warning (so does
   * `OPENAI_FINE_TUNING_NO_DEPRECATION_WARNING=1`, or Node's `--no-deprecation`).
   * @default true
   */
  deprecationWarning?: boolean | undefined;
}

/**
 * Query of the non-streaming `listEvents`.
 * @deprecated The legacy /fine-tunes API is deprecated; use `ListEventsParams` with `FineTuning#jobs.listEvents()`.
 */
export interface LegacyListEventsParams {
  /** `true` returns a {@link LegacyEventStream} instead of the events so far. */
  stream?: false | undefined;
}

/**
 * The legacy fine-tunes API, `/v1/fine-tunes` (removed from the OpenAI API description on
 * 2024-01-05), for code that has not moved to `/v1/fine_tuning/jobs` yet and for servers that
 * still serve it. It shares the main client's options, authentication, errors and request path.
 * @deprecated Use `FineTuning#jobs` (`/v1/fine_tuning/jobs`); {@link toModernJobRequest} converts a create body.
 * @example
 * import { LegacyFineTunes } from 'openai-fine-tuning/legacy';
 * const legacy = new LegacyFineTunes({ deprecationWarning: false });
 * for await (const event of legacy.listEvents('ft-abc123', { stream: true })) console.log(event.message);
 */
export class LegacyFineTunes {
  /**
   * The options in force, after environment fallbacks.
   * @deprecated The legacy /fine-tunes API is deprecated; see `FineTuning#options`.
   */
  readonly options: ResolvedOptions;
  /**
   * The request client of the facade it wraps (`FineTuning#client`); the legacy generated functions are called through it.
   * @deprecated The legacy /fine-tunes API is deprecated; see `FineTuning#client`.
   */
  readonly client: RequestClient;

  constructor(options: LegacyClientOptions = {}) {
    const { deprecationWarning, ...clientOptions } = options;
    const facade = new FineTuning(clientOptions);
    this.options = facade.options;
    this.client = facade.client;
    warnDeprecatedOnce(deprecationWarning);
  }

  /**
   * Creates a legacy fine-tune.
   * @deprecated Use `FineTuning#jobs.create()`; `toModernJobRequest(body)` converts the body.
   */
  create(body: CreateFineTuneRequest, options?: RequestOptions): ApiPromise<FineTune> {
    return call(this.client, createFineTune, { body }, options);
  }

  /**
   * Lists the organization's legacy fine-tunes.
   * @deprecated Use `FineTuning#jobs.list()`.
   */
  list(options?: RequestOptions): ApiPromise<ListFineTunesResponse> {
    return call(this.client, listFineTunes, {}, options);
  }

  /**
   * Gets a legacy fine-tune by id.
   * @deprecated Use `FineTuning#jobs.retrieve()`.
   */
  retrieve(fineTuneId: string, options?: RequestOptions): ApiPromise<FineTune> {
    return call(this.client, retrieveFineTune, { path: { fine_tune_id: fineTuneId } }, options);
  }

  /**
   * Cancels a legacy fine-tune.
   * @deprecated Use `FineTuning#jobs.cancel()`.
   */
  cancel(fineTuneId: string, options?: RequestOptions): ApiPromise<FineTune> {
    return call(this.client, cancelFineTune, { path: { fine_tune_id: fineTuneId } }, options);
  }

  /**
   * The events so far of a legacy fine-tune.
   * @deprecated Use `FineTuning#jobs.listEvents()`.
   */
  listEvents(
    fineTuneId: string,
    params?: LegacyListEventsParams,
    options?: RequestOptions,
  ): ApiPromise<ListFineTuneEventsResponse>;
  /**
   * The events of a legacy fine-tune as they happen, until it finishes (`data: [DONE]`).
   * @deprecated The modern API does not stream events: poll `FineTuning#jobs.listEvents()`.
   */
  listEvents(
    fineTuneId: string,
    params: { stream: true },
    options?: EventStreamOptions,
  ): LegacyEventStream;
  /**
   * `stream` known only at run time: the stream when it is `true`, the events so far otherwise.
   * @deprecated Use `FineTuning#jobs.listEvents()`.
   */
  listEvents(
    fineTuneId: string,
    params: { stream: boolean },
    options?: EventStreamOptions,
  ): ApiPromise<ListFineTuneEventsResponse> | LegacyEventStream;
  listEvents(
    fineTuneId: string,
    params?: { stream?: boolean | undefined },
    options?: EventStreamOptions,
  ): ApiPromise<ListFineTuneEventsResponse> | LegacyEventStream {
    const path = { fine_tune_id: fineTuneId };
    if (params?.stream !== true) {
      return call(this.client, listFineTuneEvents, { path, query: params }, options);
    }
    return new LegacyEventStream(
      (init) =>
        listFineTuneEvents({
          client: this.client as never,
          path,
          query: { stream: true },
          parseAs: 'stream',
          throwOnError: true,
          ...init,
        }),
      options,
    );
  }
}
