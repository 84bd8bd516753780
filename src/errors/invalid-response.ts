import { FineTuningError, guardFor } from './base.ts';

/** The server answered 2xx, but with a body that cannot be what the operation returns. */
export class InvalidResponseError extends FineTuningError {
  static override readonly kind: string = 'InvalidResponseError';
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string | undefined;
  constructor(method: string, path: string, response: Response, problem: string) {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    super(
      `${method} ${path} answered ${response.status}, but ${problem}. ` +
        `Nothing was returned as a result${requestId ? ` (request id ${requestId})` : ''}; check baseUrl points at the OpenAI API or a proxy that passes bodies through.`,
    );
    this.method = method;
    this.path = path;
    this.status = response.status;
    this.requestId = requestId;
  }
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is an InvalidResponseError (from any copy of the package); `instanceof` works as well. */
export const isInvalidResponseError =
  /* @__PURE__ */ guardFor<InvalidResponseError>('InvalidResponseError');
