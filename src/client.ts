import { createClient, createConfig, type Client } from '../generated/client/index.ts';
import { authFor } from './internal/auth.ts';
import { checkPathParams } from './internal/path.ts';
import { serializeQuery } from './internal/query.ts';
import { toError } from './internal/to-error.ts';
import { registerTransport } from './internal/transports.ts';
import { createTransport } from './transport/transport.ts';
import { resolveOptions, type ClientOptions, type ResolvedOptions } from './options.ts';
import { Checkpoints } from './resources/checkpoints.ts';
import { Files } from './resources/files.ts';
import { Graders } from './resources/graders.ts';
import { Jobs } from './resources/jobs.ts';

/**
 * The client for the OpenAI fine-tuning API.
 * @example
 * import { FineTuning } from 'openai-fine-tuning';
 * const ft = new FineTuning(); // reads OPENAI_API_KEY, OPENAI_ADMIN_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_BASE_URL
 * const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-abc123' });
 */
export class FineTuning {
  /** The options in force, after environment fallbacks. */
  readonly options: ResolvedOptions;
  /**
   * The configured generated client: pass it to any generated function,
   * e.g. `retrieveFineTuningJob({ client: ft.client, path: { fine_tuning_job_id } })`.
   */
  readonly client: Client;
  /** Fine-tuning jobs: create, list, retrieve, cancel, pause, resume, events, checkpoints, follow, wait. */
  readonly jobs: Jobs;
  /** Files: upload training data, list, retrieve, delete, download. */
  readonly files: Files;
  /** Checkpoint permissions (admin key): share a fine-tuned checkpoint with projects. */
  readonly checkpoints: Checkpoints;
  /** Graders: run and validate a grader for reinforcement fine-tuning. */
  readonly graders: Graders;

  constructor(options: ClientOptions = {}) {
    this.options = resolveOptions(options);
    const transport = createTransport({
      fetch: this.options.fetch,
      timeout: this.options.timeout,
      retry: this.options.retry,
      log: this.options.log,
    });
    this.client = createClient(
      createConfig({
        baseUrl: this.options.baseUrl,
        fetch: transport.fetch as typeof fetch,
        headers: this.options.headers,
        auth: authFor(this.options),
        querySerializer: serializeQuery,
        requestValidator: async (request: unknown) => checkPathParams((request as { path?: unknown }).path),
        throwOnError: true,
      }),
    );
    this.client.interceptors.error.use(toError);
    // Only the options, not the Request, still say what the body was built from: a stream can be
    // read once (never buffered, never re-sent); anything else is re-sent as it is on a retry. An
    // answer the caller reads as a stream (an event stream) bypasses the transport.
    this.client.interceptors.request.use((request, opts) => {
      const sent = (opts as { serializedBody?: unknown }).serializedBody ?? opts.body;
      if (typeof ReadableStream !== 'undefined' && sent instanceof ReadableStream) transport.markStreamed(request);
      else if (typeof sent === 'string' || sent instanceof Blob || sent instanceof FormData || sent instanceof ArrayBuffer) {
        transport.keepBody(request, sent);
      }
      if (opts.parseAs === 'stream') transport.markPassthrough(request);
      return request;
    });
    registerTransport(this.client, transport);
    this.jobs = new Jobs(this.client, this.options.jobMarker);
    this.files = new Files(this.client);
    this.checkpoints = new Checkpoints(this.client);
    this.graders = new Graders(this.client);
  }
}
