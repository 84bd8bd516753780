// jobs.create without duplicates. A create whose response is lost (reset, timeout, 5xx) may or may
// not have made a job; blindly re-sending can make and bill a second one. So every create carries
// an Idempotency-Key, and the same key goes into the job's metadata under MARKER_KEY. Before
// re-sending after such a failure, the transport lists jobs filtered on that metadata entry
// (`GET /fine_tuning/jobs?metadata[MARKER_KEY]=key`) and, if the job is there, returns it instead.
//
// Limits: the marker is visible in the job's metadata; metadata holds at most 16 entries, so with
// 16 of the caller's own there is no room and a lost create is not re-sent (the error says so); the
// same happens when the caller turns the marker off (`jobMarker: false`). The list endpoint is
// assumed to show a job soon after its create returns; a job that appears later than the backoff
// delay could still be created twice.
import { newIdempotencyKey, type RequestClient } from '../transport/transport.ts';
import type { createFineTuningJob } from '../../generated/sdk.gen.ts';
import type { CreateFineTuningJobRequest, FineTuningJob } from '../../generated/types.gen.ts';
import { ApiPromise } from './api-promise.ts';
import { checkBody, checkOptional } from '../transport/args.ts';
import { call, type RequestOptions } from './call.ts';

/** The metadata key the SDK's marker is stored under. */
export const MARKER_KEY = 'openai_fine_tuning_idempotency_key';
const MAX_METADATA_ENTRIES = 16;

export function createJob(
  client: RequestClient,
  create: typeof createFineTuningJob,
  body: CreateFineTuningJobRequest,
  options: RequestOptions | undefined,
  markerAllowed: boolean,
): ApiPromise<FineTuningJob> {
  try {
    checkBody(body, 'jobs.create');
    checkOptional(body.metadata ?? undefined, 'jobs.create', 'metadata');
  } catch (error) {
    return new ApiPromise(Promise.reject(error));
  }
  // Options given: checked (by ./call-options.ts, loaded then) before they are read.
  if (options !== undefined) {
    return new ApiPromise(
      import('./call-options.ts').then(({ checkOptions }) => {
        (checkOptions as (value: unknown) => void)(options);
        return send(client, create, body, options, markerAllowed).withResponse();
      }),
    );
  }
  return send(client, create, body, undefined, markerAllowed);
}

function send(
  client: RequestClient,
  create: typeof createFineTuningJob,
  body: CreateFineTuningJobRequest,
  options: RequestOptions | undefined,
  markerAllowed: boolean,
): ApiPromise<FineTuningJob> {
  const fromHeader = options?.headers?.['Idempotency-Key'] ?? options?.headers?.['idempotency-key'];
  const key = fromHeader ?? options?.idempotencyKey ?? newIdempotencyKey();
  const metadata = body.metadata ?? {};
  const room = Object.keys(metadata).length < MAX_METADATA_ENTRIES || MARKER_KEY in metadata;
  const marked = (options?.jobMarker ?? markerAllowed) && room;
  const sent = marked ? { ...body, metadata: { ...metadata, [MARKER_KEY]: key } } : body;
  return call(client, create, { body: sent }, options, undefined, {
    idempotencyKey: key,
    ...(marked
      ? {
          reconcile: (signal: AbortSignal | undefined) =>
            import('./find-job.ts').then((m) => m.findJob(client, MARKER_KEY, key, signal)),
        }
      : {
          unsafeToResend: `Not retried: the job may have been created (Idempotency-Key ${key}); ${
            room
              ? 'allow the metadata marker (`jobMarker: true`)'
              : `leave room in \`metadata\` (at most ${MAX_METADATA_ENTRIES - 1} entries)`
          } so a lost create can be recognised and sent again safely, or list jobs before creating again.`,
        }),
  });
}
