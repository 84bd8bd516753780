// Names and describes a new upstream pin.
import type { PinnedUpstream } from './project.ts';

export interface Origin {
  commit?: string;
  date?: string;
}

/**
 * Reads the commit and date from where a spec came from, when it says: a snapshot named like
 * `openai-openapi.2026-08-21.f85dbe2.yaml[.gz]`, or a raw GitHub URL `…/openai-openapi/<commit>/openapi.yaml`.
 */
export function inferOrigin(location: string): Origin {
  const origin: Origin = {};
  const name = location.split(/[\\/]/).pop() ?? '';
  const snapshot = /(\d{4}-\d{2}-\d{2})\.([0-9a-f]{7,40})\./.exec(name);
  if (snapshot) return { date: snapshot[1]!, commit: snapshot[2]! };
  const raw = /^https?:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/([0-9a-f]{7,40})\//i.exec(
    location,
  );
  if (raw) origin.commit = raw[1]!.slice(0, 7);
  const date = /(\d{4}-\d{2}-\d{2})/.exec(name);
  if (date) origin.date = date[1]!;
  return origin;
}

export interface PinInput {
  location: string;
  sha256: string;
  previous: PinnedUpstream;
  commit?: string;
  date?: string;
  repository?: string;
  path?: string;
  /** Today, as YYYY-MM-DD; a parameter so that tests are deterministic. */
  today: string;
}

/** The provenance record of the new pin; unknown commits fall back to the content hash in the file name. */
export function pinFor(input: PinInput): PinnedUpstream {
  const origin = inferOrigin(input.location);
  const sameContent = input.sha256 === input.previous.sha256;
  const commit = input.commit ?? origin.commit ?? (sameContent ? input.previous.commit : 'unknown');
  const date = input.date ?? origin.date ?? (sameContent ? input.previous.date : input.today);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new Error(`--date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (commit !== 'unknown' && !/^[0-9a-f]{7,40}$/i.test(commit)) {
    throw new Error(
      `--commit must be a git commit hash (7 to 40 hex digits), got ${JSON.stringify(commit)}`,
    );
  }
  const tag = commit === 'unknown' ? `sha256-${input.sha256.slice(0, 12)}` : commit;
  return {
    file: `openai-openapi.${date}.${tag}.yaml.gz`,
    repository: input.repository ?? input.previous.repository,
    path: input.path ?? input.previous.path,
    commit,
    date,
    sha256: input.sha256,
    license: input.previous.license,
    ...(input.previous.note ? { note: input.previous.note } : {}),
  };
}
