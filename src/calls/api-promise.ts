/** What a method resolved with, together with the HTTP exchange behind it. */
export interface WithResponse<T> {
  data: T;
  /** The raw `Response`: status and headers (its body has been read into `data`). */
  response: Response;
  /** The `x-request-id` response header. */
  requestId: string | undefined;
}

/**
 * The value every method returns: await it for the parsed body, or call `withResponse()` for the
 * raw `Response` and the request id as well. The request starts when the method is called.
 * @example
 * const job = await ft.jobs.retrieve('ftjob-abc123');
 * const { data, response, requestId } = await ft.jobs.retrieve('ftjob-abc123').withResponse();
 */
export class ApiPromise<T> implements PromiseLike<T> {
  readonly #result: Promise<{ data: T; response: Response }>;

  constructor(result: Promise<{ data: T; response: Response }>) {
    this.#result = result;
  }

  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#result.then(
      onfulfilled ? (r) => onfulfilled(r.data) : (r) => r.data as unknown as A,
      onrejected,
    );
  }

  /** Same as `Promise#catch`. */
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  /** Same as `Promise#finally`. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  /** Resolves with the parsed body, the raw `Response` and the request id. */
  withResponse(): Promise<WithResponse<T>> {
    // The request id is read here, not for every call: most callers only await the data.
    return this.#result.then(({ data, response }) => ({
      data,
      response,
      requestId: response.headers.get('x-request-id') ?? undefined,
    }));
  }

  get [Symbol.toStringTag]() {
    return 'ApiPromise';
  }
}
