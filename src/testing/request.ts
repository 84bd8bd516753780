// Reading a request's parts into plain values for the validators: path parameters, the query
// (with `name[key]=value` deep objects and a literal `null`), and the JSON body (multipart bodies
// are streamed: multipart.ts).
import type { IncomingMessage } from 'node:http';
import { invalid } from './errors.ts';
import type { Operation } from './spec.ts';

export function readPath(operation: Operation, match: RegExpMatchArray): Record<string, string> {
  const out: Record<string, string> = {};
  operation.pathParams.forEach((name, i) => {
    try {
      out[name] = decodeURIComponent(match[i + 1]!);
    } catch {
      throw invalid(`Invalid value for '${name}': the path segment is not valid percent-encoding.`, name, 'invalid_value');
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

export async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function readJson(bytes: Buffer, contentType: string | undefined): unknown {
  if (!contentType?.toLowerCase().includes('application/json')) {
    throw invalid(`This operation takes a JSON body: send 'Content-Type: application/json' (got '${contentType ?? 'none'}').`, null);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid('We could not parse the JSON body of your request. The body must be valid JSON.', null);
  }
}
