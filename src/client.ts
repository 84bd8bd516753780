import type { ApiPromise } from './calls/api-promise.ts';
import { call, type RequestOptions } from './calls/call.ts';
import type { AnyOperation, BodyOf, OptionsOf } from './pagination/paginate.ts';
import {
  createRequestClient,
  type ObservedRateLimit,
  type RequestClient,
} from './transport/transport.ts';
import { Models } from './resources/models.ts';
import {
  redactedOptions,
  resolveOptions,
  type ClientOptions,
  type ResolvedOptions,
} from './transport/options.ts';
import { Checkpoints } from './resources/checkpoints.ts';
import type { Evals } from './resources/evals.ts';
import { evalsStandIn } from './resources/evals-stand-in.ts';
import { Files } from './resources/files.ts';
import { Graders } from './resources/graders.ts';
import { Jobs } from './resources/jobs.ts';
import { Uploads } from './resources/uploads.ts';
import { Webhooks } from './webhooks/webhooks.ts';

/**
 * The client for the OpenAI fine-tuning API.
 * @example
 * import { FineTuning } from 'openai-fine-tuning';
 * const ft = new FineTuning(); // reads OPENAI_API_KEY, OPENAI_ADMIN_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_BASE_URL
 * const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-abc123' });
 */
export class FineTuning {
  /**
   * The options in force, after environment fallbacks, with every key shown as '[redacted]' (a
   * key function too): printing, logging or serialising the client never shows a key.
   */
  readonly options: ResolvedOptions;
  /**
   * The facade's request client, with its keys, retries, timeouts and typed errors. `paginate()`
   * takes it; `request()` calls any generated function through it.
   */
  readonly client: RequestClient;
  /** Fine-tuning jobs: create, list, retrieve, cancel, pause, resume, events, checkpoints, follow, wait. */
  readonly jobs: Jobs;
  /** Files: upload training data, list, retrieve, delete, download. */
  readonly files: Files;
  /** Uploads: a File from parts (up to 8 GB); `files.upload` drives it for you. */
  readonly uploads: Uploads;
  /** Checkpoint permissions (admin key): share a fine-tuned checkpoint with projects. */
  readonly checkpoints: Checkpoints;
  /** Graders: run and validate a grader for reinforcement fine-tuning. */
  readonly graders: Graders;
  /** Models: list, retrieve and delete; the organization's fine-tuned models and a job's checkpoint models. */
  readonly models: Models;

  // The webhook secret lives here, not in `options`, so no rendering of the client (console.log,
  // JSON.stringify, util.inspect) can show it.
  readonly #webhookSecret: string | readonly string[] | undefined;
  #webhooks: Webhooks | undefined;

  constructor(options: ClientOptions = {}) {
    // The transport alone holds the real keys; what the client shows is a redacted copy.
    const resolved = resolveOptions(options);
    this.options = redactedOptions(resolved);
    // Its fallback to OPENAI_WEBHOOK_SECRET is read when a webhook arrives (src/webhooks/verify.ts).
    this.#webhookSecret = options.webhookSecret;
    this.client = createRequestClient(resolved);
    this.jobs = new Jobs(this.client, resolved.jobMarker);
    this.files = new Files(this.client);
    this.uploads = new Uploads(this.client);
    this.checkpoints = new Checkpoints(this.client);
    this.graders = new Graders(this.client);
    this.models = new Models(this.client);
  }

  /**
   * The `x-ratelimit-*` figures (requests and tokens: limit, remaining, reset) of the latest answer
   * that carried them, and when it arrived; undefined before any did.
   * @example
   * await ft.jobs.list({ limit: 1 });
   * console.log(ft.rateLimit?.requests.remaining, ft.rateLimit?.requests.reset);
   */
  get rateLimit(): ObservedRateLimit | undefined {
    return this.client.rateLimit;
  }

  /** Webhooks: verify and parse the deliveries OpenAI sends when a job ends (`unwrap`, `verifySignature`, `handler`). */
  get webhooks(): Webhooks {
    return (this.#webhooks ??= new Webhooks(() => this.#webhookSecret));
  }

  /**
   * Evals: create an eval (item schema + graders), run it on models, read each run's output items;
   * `compare` answers whether a fine-tuned model beats its base, item by item.
   */
  get evals(): Evals {
    // A stand-in per access: it holds nothing but the client, so there is nothing to keep.
    return evalsStandIn(this.client);
  }

  /**
   * Calls any generated function through this client (its keys, retries, timeouts and typed
   * errors) and resolves with the parsed body, like the methods above.
   * @example
   * import { retrieveFineTuningJob } from 'openai-fine-tuning';
   * const job = await ft.request(retrieveFineTuningJob, { path: { fine_tuning_job_id: 'ftjob-abc123' } });
   */
  request<F extends AnyOperation>(operation: F, ...args: OperationArgs<F>): ApiPromise<BodyOf<F>> {
    return call(this.client, operation as never, args[0] ?? {}, args[1]);
  }
}

/** A generated function's own options (without `client`), then the facade's request options. */
export type OperationArgs<F extends AnyOperation> =
  object extends Omit<OptionsOf<F>, 'client' | 'throwOnError'>
    ? [params?: Omit<OptionsOf<F>, 'client' | 'throwOnError'>, options?: RequestOptions]
    : [params: Omit<OptionsOf<F>, 'client' | 'throwOnError'>, options?: RequestOptions];
