// The root export at run time: the facade, its errors and guards, its helpers, and the generated
// operation functions; nothing else. A name added or removed here is a change of the public API:
// say it in CHANGELOG.md. Types are checked in ./root-export.test-d.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.ts';

/** The generated operation functions, as generated/sdk.gen.ts exports them. */
const operations = [
  ...readFileSync(new URL('../../generated/sdk.gen.ts', import.meta.url), 'utf8').matchAll(
    /^export const (\w+)/gm,
  ),
].map((m) => m[1]!);

const facade = [
  'APIError',
  'AbortError',
  'ApiPromise',
  'AuthenticationError',
  'BadRequestError',
  'ConfigurationError',
  'ConflictError',
  'ConnectionError',
  'DailyRateLimitError',
  'EVAL_RUN_WEBHOOK_EVENTS',
  'EvalDataError',
  'EvalRunFailedError',
  'FINE_TUNING_WEBHOOK_EVENTS',
  'FineTuning',
  'FineTuningError',
  'InternalServerError',
  'InvalidArgumentError',
  'InvalidResponseError',
  'InvalidWebhookSignatureError',
  'JOB_MARKER_KEY',
  'JobFailedError',
  'JobTimeoutError',
  'NotFoundError',
  'PagePromise',
  'PaginationError',
  'PermissionDeniedError',
  'RateLimitError',
  'RedirectError',
  'SourceChangedError',
  'TimeoutError',
  'UnprocessableEntityError',
  'UnsendableRequestError',
  'UploadExpiredError',
  'UploadInterruptedError',
  'bestCheckpoint',
  'isEvalDataError',
  'isEvalRunFailedError',
  'isJobFailedError',
  'isJobTimeoutError',
  'isPaginationError',
  'isSourceChangedError',
  'isUploadExpiredError',
  'isUploadInterruptedError',
  'isAPIError',
  'isAbortError',
  'isAuthenticationError',
  'isBadRequestError',
  'isConfigurationError',
  'isConflictError',
  'isConnectionError',
  'isDailyRateLimitError',
  'isEvalRunWebhookEvent',
  'isFineTuningError',
  'isFineTuningWebhookEvent',
  'isInternalServerError',
  'isInvalidArgumentError',
  'isInvalidResponseError',
  'isInvalidWebhookSignatureError',
  'isNotFoundError',
  'isPermissionDeniedError',
  'isRateLimitError',
  'isRedirectError',
  'isTimeoutError',
  'isUnprocessableEntityError',
  'isUnsendableRequestError',
  'paginate',
  'submitJobs',
];

describe('the root export at run time', () => {
  it('is the facade and the generated operation functions with their client, and nothing else', () => {
    expect(operations).toContain('createFineTuningJob');
    expect(Object.keys(root).sort()).toEqual(
      [...facade, ...operations, 'createClient', 'createConfig'].sort(),
    );
  });

  it('has no Schemas value: the generated types cost nothing at run time', () => {
    expect('Schemas' in root).toBe(false);
  });
});
