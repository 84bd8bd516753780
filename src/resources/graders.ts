import type { RequestClient } from '../transport/transport.ts';
import { runGrader, validateGrader } from '../../generated/sdk.gen.ts';
import type {
  RunGraderRequest,
  RunGraderResponse,
  ValidateGraderRequest,
  ValidateGraderResponse,
} from '../../generated/types.gen.ts';
import type { ApiPromise } from '../calls/api-promise.ts';
import { call, type RequestOptions } from '../calls/call.ts';

/**
 * Graders for reinforcement fine-tuning (`/fine_tuning/alpha/graders`).
 * @example
 * const grader = { type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } as const;
 * await ft.graders.validate({ grader });
 * const { reward } = await ft.graders.run({ grader, model_sample: 'Paris', item: { answer: 'Paris' } });
 */
export class Graders {
  readonly #client: RequestClient;
  constructor(client: RequestClient) {
    this.#client = client;
  }

  /** Runs a grader on one sample. */
  run(body: RunGraderRequest, options?: RequestOptions): ApiPromise<RunGraderResponse> {
    return call(this.#client, runGrader, { body }, options);
  }

  /** Checks that a grader is well formed. */
  validate(
    body: ValidateGraderRequest,
    options?: RequestOptions,
  ): ApiPromise<ValidateGraderResponse> {
    return call(this.#client, validateGrader, { body }, options);
  }
}
