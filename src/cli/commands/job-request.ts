// The body of `jobs create` from its flags: hyperparameters and the grader checked against the
// spec's schema for the chosen method and put under it, as the API expects; then (only then) local
// files validated and uploaded.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CreateFineTuningJobRequest } from '../../../generated/types.gen.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { CliMethod } from '../parse.ts';
import { methodSchema } from '../sdk/spec.ts';
import type { Options } from './act.ts';
import { validateAndUpload } from './files.ts';
import { checkHyperparameters } from './hyperparameters.ts';

/** `file-…` ids are used as they are; a path that exists is validated and uploaded first. */
async function fileIdFor(
  ctx: Context,
  value: string,
  o: { validate: boolean; method: CliMethod },
): Promise<string> {
  if (!existsSync(value)) {
    if (/[\\/]|\.jsonl?$/i.test(value))
      throw new UsageError(
        `${value} does not exist: pass a file id (file-…) or the path of a .jsonl file.`,
        'jobs create',
      );
    return value;
  }
  const file = await validateAndUpload(ctx, value, o);
  ctx.note(`Uploaded ${value} as ${file.id}.`);
  return file.id;
}

export async function requestBody(ctx: Context, o: Options): Promise<CreateFineTuningJobRequest> {
  const method = o.method as CliMethod;
  const upload = { validate: o.validate as boolean, method };
  const schema = await methodSchema(method);
  const hyper = checkHyperparameters(method, o.hyperparameter, schema.hyperparameters);
  const config: Record<string, unknown> = hyper ? { hyperparameters: hyper } : {};
  if (schema.required.includes('grader') && !o.grader) {
    throw new UsageError(
      `--method ${method} needs --grader FILE (a JSON file with the grader that scores the model's answers); nothing was uploaded.`,
      'jobs create',
    );
  }
  if (o.grader) {
    if (method !== 'reinforcement')
      throw new UsageError('--grader applies to --method reinforcement only.', 'jobs create');
    const text = await readFile(o.grader, 'utf8').catch(() => {
      throw new UsageError(`cannot read the grader file ${o.grader}.`, 'jobs create');
    });
    try {
      config.grader = JSON.parse(text);
    } catch {
      throw new UsageError(
        `${o.grader} is not JSON: the grader file holds one grader object.`,
        'jobs create',
      );
    }
  }
  return {
    model: o.model,
    training_file: await fileIdFor(ctx, o.trainingFile, upload),
    ...(o.validationFile
      ? { validation_file: await fileIdFor(ctx, o.validationFile, upload) }
      : {}),
    ...(o.suffix ? { suffix: o.suffix } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    method: { type: method, [method]: config },
  } as CreateFineTuningJobRequest;
}
