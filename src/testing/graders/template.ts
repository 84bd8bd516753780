// Grader templates: `{{ sample.output_text }}`, `{{ sample.output_json.answer }}`, `{{ item.x.y }}`.
import { invalid } from '../errors.ts';
import { jsonDepth, MAX_JSON_DEPTH } from '../request.ts';

export interface Namespaces {
  sample: { output_text: string; output_json: unknown };
  item: Record<string, unknown>;
}

export function namespaces(
  modelSample: string,
  item: Record<string, unknown> | undefined,
): Namespaces {
  let outputJson: unknown = null;
  try {
    outputJson = JSON.parse(modelSample);
  } catch {
    // Not JSON: only `sample.output_text` is meaningful, as with the API.
  }
  // JSON.parse does not recurse, but rendering it (JSON.stringify) and walking it would: a sample
  // deeper than any request body may be is refused, like such a body.
  if (
    outputJson !== null &&
    typeof outputJson === 'object' &&
    jsonDepth(modelSample) > MAX_JSON_DEPTH
  ) {
    throw invalid(
      `Invalid 'model_sample': it parses as JSON nesting arrays and objects more than ${MAX_JSON_DEPTH} levels deep, which \`sample.output_json\` cannot hold. Send a flatter sample.`,
      'model_sample',
      'invalid_value',
    );
  }
  return { sample: { output_text: modelSample, output_json: outputJson }, item: item ?? {} };
}

export function render(template: string, scope: Namespaces, param: string): string {
  // `[^{}]*` (then trimmed), not a lazy `\s*(.+?)\s*`: linear in the template's length, where the
  // lazy form backtracks quadratically on `{{` followed by a long run without `}}`.
  return template.replace(/\{\{([^{}]*)\}\}/g, (whole, inner: string) => {
    const path = inner.trim();
    if (!path) return whole;
    let value: unknown = scope;
    for (const key of path.split('.'))
      value =
        value !== null && typeof value === 'object' && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    if (value === undefined) {
      throw invalid(
        `Template variable '{{${path}}}' in '${param}' does not resolve: check the names in \`item\` and \`model_sample\`.`,
        param,
        'invalid_variable',
      );
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
