// Reading a request's parts into plain values for the validators: path parameters, the query
// (with `name[key]=value` deep objects and a literal `null`), and the JSON body (multipart bodies
// are streamed: multipart.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError, invalid } from './errors.ts';
import type { Operation } from './spec.ts';

export function readPath(operation: Operation, match: RegExpMatchArray): Record<string, string> {
  const out: Record<string, string> = {};
  operation.pathParams.forEach((name, i) => {
    try {
      out[name] = decodeURIComponent(match[i + 1]!);
    } catch {
      throw invalid(
        `Invalid value for '${name}': the path segment is not valid percent-encoding.`,
        name,
        'invalid_value',
      );
    }
  });
  return out;
}

export function readQuery(operation: Operation, params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const deep = key.match(/^([^[\]]+)\[([^[\]]+)\]$/);
    if (deep && operation.deepObjectParams.includes(deep[1]!)) {
      const target = (out[deep[1]!] ??= {}) as Record<string, string>;
      target[deep[2]!] = value;
    } else if (operation.deepObjectParams.includes(key) && value === 'null') {
      out[key] = null;
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The largest JSON body an operation takes by default: far above any real request. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Per-route body limits in bytes, by operationId; others take JSON_BODY_LIMIT (JSON) or FILE_LIMIT. */
export const BODY_LIMITS: Readonly<Record<string, number>> = {
  // A grader run carries a model sample and a dataset item, which may be long texts.
  runGrader: 8 * 1024 * 1024,
  validateGrader: 8 * 1024 * 1024,
  // The API's own limits: a file upload up to 512 MB, an upload part up to 64 MB.
  createFile: 512 * 1024 * 1024,
  addUploadPart: 64 * 1024 * 1024,
};

/** The body limit of an operation. */
export function bodyLimit(operation: Operation): number {
  return (
    BODY_LIMITS[operation.operationId] ??
    (operation.body?.contentType === 'multipart/form-data'
      ? BODY_LIMITS.createFile!
      : JSON_BODY_LIMIT)
  );
}

const tooLarge = (limit: number, what: string) =>
  new HttpError(
    413,
    `The request body is too large: ${what}, over this operation's limit of ${limit} bytes.`,
    {
      type: 'invalid_request_error',
      code: 'request_too_large',
      // The rest of the body is not read: the connection closes after the answer.
      headers: { connection: 'close' },
    },
  );

/**
 * The body, up to `limit` bytes. A declared Content-Length over the limit is refused before any
 * byte is read; a streamed body is refused as soon as it passes the limit, and the rest of it is
 * not buffered (the answer closes the connection).
 */
export async function readBytes(req: IncomingMessage, limit = Infinity): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit)
    throw tooLarge(limit, `Content-Length is ${declared}`);
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > limit) throw tooLarge(limit, `more than ${limit} bytes were sent`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Deeper JSON than this is refused before it is parsed or walked: no real request comes near. */
export const MAX_JSON_DEPTH = 64;

/** How deeply `text` nests arrays and objects, counted without parsing (strings skipped); stops past `max`. */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readJson(bytes: Buffer, contentType: string | undefined): unknown {
  if (!contentType?.toLowerCase().includes('application/json')) {
    throw invalid(
      `This operation takes a JSON body: send 'Content-Type: application/json' (got '${contentType ?? 'none'}').`,
      null,
    );
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw invalid('The request body is not valid UTF-8. Send JSON encoded as UTF-8.', null);
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw invalid(
      `The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
      null,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(
      'We could not parse the JSON body of your request. The body must be valid JSON.',
      null,
    );
  }
}

/** The most headers a request may carry, and the longest request target (path and query). */
export const MAX_HEADERS = 100;
export const MAX_URL_LENGTH = 8 * 1024;

/** A 4xx for a request whose head the server will not take, or undefined when it is fine. */
export function checkRequestHead(req: IncomingMessage): HttpError | undefined {
  const target = req.url ?? '/';
  if (target.length > MAX_URL_LENGTH) {
    return new HttpError(
      414,
      `The request URL is too long: ${target.length} characters, over the limit of ${MAX_URL_LENGTH}. Send fewer or shorter query parameters.`,
      { code: 'uri_too_long' },
    );
  }
  if (req.rawHeaders.length / 2 > MAX_HEADERS) {
    return new HttpError(431, `The request has too many headers: more than ${MAX_HEADERS}.`, {
      code: 'request_header_fields_too_large',
    });
  }
  if (!target.startsWith('/'))
    return invalid('The request target must be a path starting with /.', null);
  try {
    new URL(target, 'http://local');
  } catch {
    return invalid('The request target is not a valid URL path.', null);
  }
  return undefined;
}

/**
 * Answers what Node's HTTP parser refuses before a request exists (headers over its size limit, a
 * malformed request line or header) in the API's error shape, then closes the connection.
 */
export function clientErrorReply(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
      : error.code === 'HPE_URI_TOO_LONG' || error.code === 'HPE_REQUEST_LINE_TOO_LONG'
        ? [414, 'URI Too Long', 'The request URL is too long.']
        : [400, 'Bad Request', 'The request could not be parsed as HTTP.'];
  const body = JSON.stringify(new HttpError(status, message, { code: null }).toBody());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** An `Expect` header other than `100-continue`: 417 in the API's error shape (Node's own has no body). */
export function expectationFailed(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify(
    new HttpError(417, "The server only supports 'Expect: 100-continue'.", { code: null }).toBody(),
  );
  res.writeHead(417, { 'content-type': 'application/json', connection: 'close' });
  res.end(body);
  req.resume();
}
