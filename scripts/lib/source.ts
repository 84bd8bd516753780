// Reads an upstream spec from a path (plain or .gz) or an http(s) URL, and parses it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';

export interface SpecSource {
  /** Where it came from, as given. */
  location: string;
  /** The uncompressed text. */
  text: string;
  /** sha256 of the uncompressed text, hex. */
  sha256: string;
}

export class SpecInputError extends Error {
  override name = 'SpecInputError';
}

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

export async function readSpecSource(location: string): Promise<SpecSource> {
  let bytes: Uint8Array;
  if (/^https?:\/\//i.test(location)) {
    let res: Response;
    try {
      res = await fetch(location, { signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      throw new SpecInputError(`Could not download ${location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!res.ok) throw new SpecInputError(`Could not download ${location}: HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } else {
    try {
      bytes = await readFile(location);
    } catch (error) {
      throw new SpecInputError(`Could not read ${location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const raw = isGzip(bytes) ? gunzipSync(bytes) : bytes;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  return { location, text, sha256: createHash('sha256').update(raw).digest('hex') };
}

/** Parses YAML or JSON text and checks it is an OpenAPI 3.x document. */
export function parseOpenApi(text: string, location: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: -1 });
  } catch (error) {
    throw new SpecInputError(
      `${location} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpecInputError(
      `${location} is not an OpenAPI document: expected a mapping at the top level`,
    );
  }
  const record = doc as Record<string, unknown>;
  if (typeof record.openapi !== 'string' || !/^3\.[01]\./.test(record.openapi)) {
    throw new SpecInputError(
      `${location} is not an OpenAPI 3.0/3.1 document: the top-level \`openapi\` version field is ${
        record.openapi === undefined ? 'missing' : JSON.stringify(record.openapi)
      }`,
    );
  }
  if (!record.paths || typeof record.paths !== 'object') {
    throw new SpecInputError(
      `${location} is not an OpenAPI document: the top-level \`paths\` object is missing`,
    );
  }
  return record;
}
