// The body of a 2xx answer read as something other than JSON (`parseAs`: a file's content as a
// stream or bytes, text, a Blob, FormData): loaded by ./call.ts on the first such answer, since a
// client that creates, retrieves and lists only ever parses JSON.
import type { ParseAs } from './sending.ts';

/** The body as `parseAs` asks, and the answer to hand back with it. */
export function parseBody(
  parseAs: Exclude<ParseAs, 'json' | 'auto'>,
  raw: string | ArrayBuffer,
  response: Response,
): { data: unknown; response: Response } {
  if (parseAs === 'text' || parseAs === 'arrayBuffer') return { data: raw, response };
  if (parseAs === 'blob')
    return {
      data: new Blob([raw], { type: response.headers.get('content-type') ?? '' }),
      response,
    };
  // A fresh Response over the bytes already read, so whoever holds it can read it as usual.
  const copy = new Response((raw as ArrayBuffer).byteLength > 0 ? raw : null, response);
  return { data: parseAs === 'stream' ? copy.body : copy.formData(), response: copy };
}
