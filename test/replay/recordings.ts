// The recorded real traffic (../shared/real-traffic/ beside the repository, as in CI), read once:
// every exchange with its status, headers (lower-case names, one string each) and body (parsed
// JSON where it is JSON). test/replay/README.md says how to add a recording.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the recordings are: `../shared/real-traffic/` relative to the repository root. */
export const RECORDINGS_DIR = resolve(ROOT, '..', 'shared', 'real-traffic');

export interface Exchange {
  /** `file#index`, e.g. `ruby-openai__finetunes_cancel.json#0`. */
  name: string;
  file: string;
  service: 'openai' | 'azure';
  method: string;
  path: string;
  query: string | null;
  /** Undefined when the source did not record it (a pasted message). */
  status: number | undefined;
  requestBody: unknown;
  /** Undefined when the source recorded none (pasted bodies). */
  headers: Record<string, string> | undefined;
  /** The parsed JSON body, or the text when it is not JSON; undefined when empty. */
  body: unknown;
  /** The body exactly as recorded, when the recording keeps the bytes (raw-string). */
  raw: string | undefined;
}

interface RecordingFile {
  service: string;
  body_format: string;
  exchanges: Array<{
    method: string;
    path: string;
    query: string | null;
    status: number | null | undefined;
    request_body: unknown;
    response_headers: Record<string, string | string[]> | null;
    response_body: unknown;
    body_as_json?: unknown;
  }>;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every exchange of every recording, in file order; throws saying what to do when the folder is missing. */
export function loadRecordings(dir = RECORDINGS_DIR): Exchange[] {
  if (!existsSync(dir))
    throw new Error(
      `The replay suite needs the recorded API traffic in ${dir} (../shared/real-traffic/ beside the repository root, as CI lays it out). Check out or link the shared folder there; test/replay/README.md describes it.`,
    );
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new Error(`No recordings (*.json) in ${dir}.`);
  const exchanges: Exchange[] = [];
  for (const file of files) {
    const recording = JSON.parse(readFileSync(join(dir, file), 'utf8')) as RecordingFile;
    recording.exchanges.forEach((e, i) => {
      const rawBody = e.response_body;
      const raw = typeof rawBody === 'string' && recording.body_format.startsWith('raw-string');
      exchanges.push({
        name: `${file}#${i}`,
        file,
        service: recording.service.startsWith('Azure') ? 'azure' : 'openai',
        method: e.method,
        path: e.path,
        query: e.query,
        status: typeof e.status === 'number' ? e.status : undefined,
        requestBody: typeof e.request_body === 'string' ? parse(e.request_body) : e.request_body,
        headers: e.response_headers
          ? Object.fromEntries(
              Object.entries(e.response_headers).map(([k, v]) => [
                k.toLowerCase(),
                Array.isArray(v) ? v.join(', ') : v,
              ]),
            )
          : undefined,
        body:
          e.body_as_json !== undefined
            ? e.body_as_json
            : typeof rawBody === 'string'
              ? rawBody === ''
                ? undefined
                : parse(rawBody)
              : (rawBody ?? undefined),
        raw: raw ? (rawBody as string) : undefined,
      });
    });
  }
  return exchanges;
}
