// POST /fine_tuning/alpha/graders/run, evaluated locally for the graders that need no model:
// string_check (eq, ne, like, ilike) and text_similarity (see similarity.ts for the measures).
import type { RunGraderRequest, RunGraderResponse } from '../../../generated/types.gen.ts';
import { HttpError } from '../errors.ts';
import { SIMILARITY } from './similarity.ts';
import { namespaces, render } from './template.ts';

const SUPPORTED = `string_check and text_similarity (${Object.keys(SIMILARITY).join(', ')})`;

function notSupported(what: string): HttpError {
  return new HttpError(
    400,
    `${what} is not supported by the local server, which runs ${SUPPORTED}. Run it against the real API.`,
    {
      param: 'grader',
      code: 'grader_not_supported',
    },
  );
}

function score(body: RunGraderRequest): number {
  const grader = body.grader as Record<string, unknown> & { type: string };
  const scope = namespaces(body.model_sample, body.item as Record<string, unknown> | undefined);
  if (grader.type === 'string_check') {
    const input = render(grader.input as string, scope, 'grader.input');
    const reference = render(grader.reference as string, scope, 'grader.reference');
    switch (grader.operation) {
      case 'eq':
        return input === reference ? 1 : 0;
      case 'ne':
        return input !== reference ? 1 : 0;
      case 'like':
        return input.includes(reference) ? 1 : 0;
      default:
        return input.toLowerCase().includes(reference.toLowerCase()) ? 1 : 0;
    }
  }
  if (grader.type === 'text_similarity') {
    const measure = SIMILARITY[grader.evaluation_metric as string];
    if (!measure)
      throw notSupported(`The text_similarity metric '${String(grader.evaluation_metric)}'`);
    const input = render(grader.input as string, scope, 'grader.input');
    const reference = render(grader.reference as string, scope, 'grader.reference');
    return Math.round(measure(input, reference) * 1e6) / 1e6;
  }
  throw notSupported(`Running a '${grader.type}' grader`);
}

export function runGrader(body: RunGraderRequest): RunGraderResponse {
  const started = performance.now();
  const reward = score(body);
  const grader = body.grader as { name: string; type: string };
  return {
    reward,
    metadata: {
      name: grader.name,
      type: grader.type,
      errors: {
        formula_parse_error: false,
        sample_parse_error: false,
        truncated_observation_error: false,
        unresponsive_reward_error: false,
        invalid_variable_error: false,
        other_error: false,
        python_grader_server_error: false,
        python_grader_server_error_type: null,
        python_grader_runtime_error: false,
        python_grader_runtime_error_details: null,
        model_grader_server_error: false,
        model_grader_refusal_error: false,
        model_grader_parse_error: false,
        model_grader_server_error_details: null,
      },
      execution_time: (performance.now() - started) / 1000,
      scores: { [grader.name]: reward },
      token_usage: null,
      sampled_model_name: null,
    },
    sub_rewards: {},
    model_grader_token_usage_per_model: {},
  };
}
