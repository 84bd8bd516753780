// Where the recorded answers of the real API and the OpenAPI description disagree. The recording
// wins: the local server answers as the API does, and the checks that hold its answers against the
// spec (test/testing/server.test.ts, the Prism test's allowlist) apply these errata, and only these.
// docs/local-server.md lists the same errata, each with the upstream report drafted for it.
// Recordings are in ../shared/real-traffic/ (test/replay/README.md).

/** One way the spec is wrong about what the API sends. */
export interface Erratum {
  /** A short stable name, quoted in docs/local-server.md. */
  id: string;
  /** What the spec says. */
  spec: string;
  /** What the API sends, as recorded. */
  api: string;
  /** The recording that shows it (a file name in ../shared/real-traffic/). */
  recording?: string;
  /**
   * Where no recording shows it: the API's own documentation that does (an example in the pinned
   * upstream spec, `openapi/upstream/`).
   */
  example?: string;
  /**
   * Rewrites a 200 body the local server sent into what the spec allows, in place where the
   * erratum applies; returns how many places it rewrote (0: it did not apply).
   */
  normalize(body: unknown): number;
  /** Whether a Prism violation report (location joined with '.', and message) is this erratum. */
  prism(location: string, message: string): boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Applies `fix` to the body, to each item of a list body, and to the nested file of an upload. */
function eachObject(body: unknown, fix: (o: Json) => number): number {
  if (!isObject(body)) return 0;
  let n = fix(body);
  if (Array.isArray(body.data)) for (const item of body.data) if (isObject(item)) n += fix(item);
  if (isObject(body.file)) n += fix(body.file);
  return n;
}

export const ERRATA: readonly Erratum[] = [
  {
    id: 'job-error-empty-object',
    spec: 'FineTuningJob.error is null, or an object with required code, message and param',
    api: '`error: {}` on every job that has not failed (2024-10 onward)',
    recording: 'openai-dotnet__FineTuningClientTests__AllParameters.json',
    normalize: (body) =>
      eachObject(body, (o) => {
        if (o.object !== 'fine_tuning.job' || !isObject(o.error)) return 0;
        if (Object.keys(o.error).length > 0) return 0;
        o.error = null;
        return 1;
      }),
    prism: (location, message) => /(^|\.)error$/.test(location) && /required|code/.test(message),
  },
  {
    id: 'file-nullable-fields',
    spec: 'OpenAIFile.expires_at is an integer and status_details a string, both optional',
    api: '`expires_at: null` and `status_details: null` on every file (2026)',
    recording: 'openai-dotnet__FilesTests__GetFile.json',
    normalize: (body) =>
      eachObject(body, (o) => {
        if (o.object !== 'file') return 0;
        let n = 0;
        for (const key of ['expires_at', 'status_details'])
          if (key in o && o[key] === null) {
            delete o[key];
            n++;
          }
        return n;
      }),
    prism: (location, message) =>
      /(^|\.)(expires_at|status_details)$/.test(location) && /integer|string|type/.test(message),
  },
  {
    id: 'file-purpose-evals',
    spec: "OpenAIFile.purpose's enum lacks `evals` (the create request's has it)",
    api: 'accepts and answers `purpose: "evals"`',
    recording: 'openai-dotnet__FilesTests__UploadFileCanParseServiceError.json',
    normalize: (body) =>
      eachObject(body, (o) => {
        if (o.object !== 'file' || o.purpose !== 'evals') return 0;
        o.purpose = 'fine-tune';
        return 1;
      }),
    prism: (location, message) => /(^|\.)purpose$/.test(location) && /allowed values/.test(message),
  },
  {
    id: 'job-status-paused',
    spec: "FineTuningJob.status's enum lacks `paused`",
    api: '`status: "paused"` for a paused job, from the pause answer on, until it is resumed or cancelled',
    // No recording of a paused job on api.openai.com exists (../shared/real-traffic/README.md,
    // "Not found"); Azure's recording shows its own `pausing` (src/testing/azure/dialect.ts).
    example:
      'the example answer of POST /fine_tuning/jobs/{fine_tuning_job_id}/pause in openapi/upstream/openai-openapi.2026-08-21.f85dbe2.yaml.gz',
    normalize: (body) =>
      eachObject(body, (o) => {
        if (o.object !== 'fine_tuning.job' || o.status !== 'paused') return 0;
        o.status = 'running';
        return 1;
      }),
    prism: (location, message) => /(^|\.)status$/.test(location) && /allowed values/.test(message),
  },
];

/** The body with every erratum applied (a copy), and the ids of the errata that applied. */
export function withErrata(body: unknown): { body: unknown; applied: string[] } {
  const copy: unknown = body === undefined ? undefined : structuredClone(body);
  const applied = ERRATA.filter((e) => e.normalize(copy) > 0).map((e) => e.id);
  return { body: copy, applied };
}
