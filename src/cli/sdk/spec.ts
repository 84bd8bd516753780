// Spec adapter: what openapi/fine-tuning.yaml (shipped with the package) says a fine-tuning method
// takes: its hyperparameters' schemas and its required fields. `jobs create` checks its flags
// against them before uploading anything. Loaded (with the YAML parser) only by `jobs create`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { specDir } from '../../testing/shared.ts';

export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export interface MethodSchema {
  /** Each hyperparameter the method takes, by name. */
  hyperparameters: Record<string, JsonSchema>;
  /** What the method object must hold besides them (`grader` for reinforcement). */
  required: string[];
}

let components: Promise<Record<string, JsonSchema>> | undefined;

function load(): Promise<Record<string, JsonSchema>> {
  components ??= (async () => {
    const { parse } = await import('yaml');
    const doc = parse(await readFile(join(specDir(), 'fine-tuning.yaml'), 'utf8')) as {
      components: { schemas: Record<string, JsonSchema> };
    };
    return doc.components.schemas;
  })();
  return components;
}

function deref(
  schemas: Record<string, JsonSchema>,
  s: JsonSchema | undefined,
): JsonSchema | undefined {
  for (let i = 0; s?.$ref && i < 10; i++) s = schemas[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

/** `FineTuneMethod.<method>` of the spec: its hyperparameters and required fields. */
export async function methodSchema(method: string): Promise<MethodSchema> {
  const schemas = await load();
  const m = deref(schemas, deref(schemas, schemas.FineTuneMethod)?.properties?.[method]);
  if (!m)
    throw new Error(
      `openapi/fine-tuning.yaml has no FineTuneMethod.${method}; reinstall openai-fine-tuning.`,
    );
  const hyper = deref(schemas, m.properties?.hyperparameters);
  const hyperparameters = Object.fromEntries(
    Object.entries(hyper?.properties ?? {}).map(([k, v]) => [k, deref(schemas, v) ?? {}]),
  );
  return { hyperparameters, required: m.required ?? [] };
}
