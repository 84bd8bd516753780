// A redirect the transport would not follow (src/transport/redirect.ts has the policy): to another
// origin, in a loop or past the limit, with a body that cannot be sent again, or one the runtime
// hides. Names origins only, never a full URL: a Location may carry a token in its query. The
// message is worded where the policy lives (loaded on the first redirect), to keep this small.
import { FineTuningError, guardFor } from './base.ts';

/** Why a redirect was not followed. */
export type RedirectRefusal =
  | 'cross-origin'
  | 'loop'
  | 'too-many'
  | 'invalid-location'
  | 'body-not-resendable'
  | 'hidden';

/**
 * The server answered with a redirect the SDK does not follow. Same-origin redirects are followed
 * (up to 10); a redirect to another origin is refused, since the request carries the key,
 * `OpenAI-Organization`, `OpenAI-Project` and any other credential header. Not retried.
 * @example
 * try {
 *   await ft.jobs.list();
 * } catch (error) {
 *   if (error instanceof RedirectError && error.reason === 'cross-origin')
 *     console.error(`${error.from} redirects to ${error.to}: set baseUrl to it if you trust it`);
 * }
 */
export class RedirectError extends FineTuningError {
  static override readonly kind: string = 'RedirectError';
  declare readonly method: string;
  declare readonly path: string;
  /** The status of the redirect that was refused (0 when the runtime hid it). */
  declare readonly status: number;
  declare readonly reason: RedirectRefusal;
  /** The origin the request was sent to (`baseUrl`'s). */
  declare readonly from: string;
  /** The origin the redirect pointed to; undefined when it cannot be known. */
  declare readonly to: string | undefined;
  /** How many redirects were followed before this one. */
  declare readonly hops: number;
  /** Made by the transport's redirect policy (src/transport/redirect.ts), which words the message. */
  constructor(init: RedirectErrorInit, message: string) {
    super(message);
    Object.assign(this, init);
  }
}

/** What a RedirectError records. */
export interface RedirectErrorInit {
  method: string;
  path: string;
  status: number;
  reason: RedirectRefusal;
  from: string;
  to?: string | undefined;
  hops: number;
}

// The guards of the classes above (pure: a bundler drops the ones an application does not use).
/** Whether `value` is a RedirectError (from any copy of the package); `instanceof` works as well. */
export const isRedirectError = /* @__PURE__ */ guardFor<RedirectError>('RedirectError');
