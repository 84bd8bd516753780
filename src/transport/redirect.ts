// The redirect policy. Every request is sent with `redirect: 'manual'`, so fetch never follows a
// redirect by itself; an answer with a redirect status loads this module, which:
//
// - follows a redirect to the same origin (scheme, host and port of the URL the request was sent
//   to), with the same headers, up to MAX_REDIRECTS, the way fetch would (303, and 301/302 after a
//   POST, become a GET without a body; 307/308 send the same method and body again);
// - refuses a redirect to any other origin (another host, port, or https -> http) with a
//   RedirectError naming both origins. Nothing is sent there: the request carries the API key,
//   OpenAI-Organization, OpenAI-Project and any credential header (errors/redact.ts lists them), and
//   the other origin would need none of them. Refusing, rather than following with them stripped,
//   is what a user wants: the API there cannot answer an unauthenticated call, and a silent move
//   of the API is a configuration change (`baseUrl`), not something to follow;
// - ends a loop (a URL visited twice) or a chain longer than MAX_REDIRECTS with a RedirectError;
// - refuses to send a stream body twice (307/308), and an opaque redirect (a browser's `manual`
//   answer, whose target cannot be read);
// - refuses the answer of a custom `fetch` that followed a redirect to another origin by itself (it
//   ignored `redirect: 'manual'`): an answer marked `redirected`, or whose final URL is on another
//   origin, on the call path (./call.ts) and the event-stream path (./recover.ts) alike. The
//   credentials went there with the request, which cannot be undone, but the answer of a server the
//   caller did not choose is not handed back as the API's.
//
// A RedirectError is not retried. One redirect chain runs inside one attempt, under its timeout.
// Every request goes through here (`transport.ts` and the event-stream path in `recover.ts`), so
// calls, lists, uploads, the CLI and the legacy client share the policy.
import { RedirectError, type RedirectErrorInit, type RedirectRefusal } from '../errors/redirect.ts';

export const MAX_REDIRECTS = 10;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

interface Sent {
  method: string;
  /** The path as errors name it. */
  path: string;
  url: string;
  init: RequestInit & { duplex?: 'half' };
  send: typeof fetch;
}

/**
 * The answer at the end of the same-origin redirects from `response` (itself when it is not a
 * redirect, or a 3xx without a Location); throws a RedirectError for any other redirect.
 */
export async function followRedirects(sent: Sent, response: Response): Promise<Response> {
  const from = new URL(sent.url).origin;
  const seen = new Set([sent.url]);
  let { method } = sent;
  let url = sent.url;
  let init = sent.init;
  let current = response;
  for (let hops = 0; ; hops++) {
    const refuse = (reason: RedirectRefusal, to?: string) => {
      // Frees the redirect's connection; its body is of no use.
      void current.body?.cancel().catch(() => {});
      const init = {
        method: sent.method,
        path: sent.path,
        status: current.status,
        reason,
        from,
        to,
        hops,
      };
      return new RedirectError(init, redirectMessage(init));
    };
    if (current.type === 'opaqueredirect') throw refuse('hidden');
    // A custom fetch that followed by itself: its answer is used only if it stayed on the origin.
    if (current.url && originOf(current.url) !== from)
      throw refuse('cross-origin', originOf(current.url));
    if (!REDIRECT.has(current.status)) return current;
    const location = current.headers.get('location');
    // A redirect status without a Location is an answer like any other (an APIError).
    if (location === null) return current;
    let target: URL;
    try {
      target = new URL(location, url);
    } catch {
      throw refuse('invalid-location');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw refuse('cross-origin', target.protocol);
    if (target.origin !== from) throw refuse('cross-origin', target.origin);
    if (seen.has(target.href)) throw refuse('loop', target.origin);
    if (hops + 1 > MAX_REDIRECTS) throw refuse('too-many', target.origin);
    seen.add(target.href);
    const status = current.status;
    if (
      (status === 303 && method !== 'HEAD') ||
      ((status === 301 || status === 302) && method === 'POST')
    ) {
      // As fetch does: the body is dropped and the request becomes a GET.
      const headers = { ...(init.headers as Record<string, string>) };
      delete headers['content-type'];
      delete headers['content-length'];
      method = 'GET';
      init = { ...init, method, headers, body: null };
      delete init.duplex;
    } else if (typeof ReadableStream !== 'undefined' && init.body instanceof ReadableStream) {
      throw refuse('body-not-resendable', target.origin);
    }
    void current.body?.cancel().catch(() => {});
    url = target.href;
    const send = sent.send; // detached: a browser's fetch refuses another `this`
    current = await send(url, init);
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an unknown origin';
  }
}

function redirectMessage(e: RedirectErrorInit): string {
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
      return `${head}, still redirecting on ${e.from} after ${e.hops} redirects; the most followed is ${MAX_REDIRECTS}. Check baseUrl and the server or proxy in front of it.`;
    case 'invalid-location':
      return `${head}, a redirect whose Location is not a valid URL. Not followed; check the server or proxy in front of ${e.from}.`;
    case 'body-not-resendable':
      return `${head}, a redirect that asks to send the body again, but the body is a stream, which cannot be sent twice. Pass a Blob, File, string or bytes, or point baseUrl at the final address.`;
    case 'hidden':
      return `${head}: the runtime hides where the redirect of ${e.from} points (an opaque redirect), so it is not followed. Point baseUrl at the final address.`;
  }
}
