// Grader templates: `{{ sample.output_text }}`, `{{ sample.output_json.answer }}`, `{{ item.x.y }}`.
import { invalid } from '../errors.ts';

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
  return { sample: { output_text: modelSample, output_json: outputJson }, item: item ?? {} };
}

export function render(template: string, scope: Namespaces, param: string): string {
  return template.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, path: string) => {
    let value: unknown = scope;
    for (const key of path.split('.'))
      value = (value as Record<string, unknown> | null | undefined)?.[key];
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
