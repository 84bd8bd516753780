// A redirect the transport would not follow (src/transport/redirect.ts has the policy): to another
// origin, in a loop or past the limit, with a body that cannot be sent again, or one the runtime
// hides. Names origins only, never a full URL: a Location may carry a token in its query.
import { FineTuningError } from './base.ts';

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
  readonly method: string;
  readonly path: string;
  /** The status of the redirect that was refused (0 when the runtime hid it). */
  readonly status: number;
  readonly reason: RedirectRefusal;
  /** The origin the request was sent to (`baseUrl`'s). */
  readonly from: string;
  /** The origin the redirect pointed to; undefined when it cannot be known. */
  readonly to: string | undefined;
  /** How many redirects were followed before this one. */
  readonly hops: number;
  constructor(init: {
    method: string;
    path: string;
    status: number;
    reason: RedirectRefusal;
    from: string;
    to?: string | undefined;
    hops: number;
  }) {
    super(redirectMessage(init));
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.reason = init.reason;
    this.from = init.from;
    this.to = init.to;
    this.hops = init.hops;
  }
}

function redirectMessage(e: ConstructorParameters<typeof RedirectError>[0]): string {
  const head = `${e.method} ${e.path} answered ${e.status || 'a redirect'}`;
  switch (e.reason) {
    case 'cross-origin':
      return (
        `${head}, a redirect from ${e.from} to another origin, ${e.to}. Not followed: the request carries credentials ` +
        `(the API key, OpenAI-Organization, OpenAI-Project, custom credential headers), which are never sent to another origin. ` +
        `If ${e.to} is where the API now lives and you trust it, set baseUrl to it.`
      );
    case 'loop':
      return `${head}, a redirect back to a URL already visited on ${e.from} after ${e.hops} redirect(s): a redirect loop. Check baseUrl and the server or proxy in front of it.`;
    case 'too-many':
      return `${head}, still redirecting on ${e.from} after ${e.hops} redirects; the most followed is 10. Check baseUrl and the server or proxy in front of it.`;
    case 'invalid-location':
      return `${head}, a redirect whose Location is not a valid URL. Not followed; check the server or proxy in front of ${e.from}.`;
    case 'body-not-resendable':
      return `${head}, a redirect that asks to send the body again, but the body is a stream, which cannot be sent twice. Pass a Blob, File, string or bytes, or point baseUrl at the final address.`;
    case 'hidden':
      return `${head}: the runtime hides where the redirect of ${e.from} points (an opaque redirect), so it is not followed. Point baseUrl at the final address.`;
  }
}
