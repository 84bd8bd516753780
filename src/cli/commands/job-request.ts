// The body of `jobs create` from its flags: hyperparameters and the grader checked against the
// spec's schema for the chosen method and put under it, as the API expects; then (only then) local
// files validated and uploaded.
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CreateFineTuningJobRequest } from '../../../generated/types.gen.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { CliMethod } from '../parse.ts';
import { methodSchema } from '../sdk/spec.ts';
import type { Options } from './act.ts';
import { validateAndUpload } from './files.ts';
import { checkHyperparameters } from './hyperparameters.ts';
import { checkModel } from './model-check.ts';

/** `file-…` ids are used as they are; a path that exists is validated and uploaded first. */
async function fileIdFor(
  ctx: Context,
  value: string,
  o: { validate: boolean; method: CliMethod; model: string },
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

/** Whether two flag values name the same file on disk (both paths that exist). */
function samePath(a: string, b: string): boolean {
  if (a === b) return existsSync(a);
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

export async function requestBody(ctx: Context, o: Options): Promise<CreateFineTuningJobRequest> {
  const method = o.method as CliMethod;
  // Validated for the model's format (prompt/completion for davinci-002 and babbage-002).
  const upload = { validate: o.validate as boolean, method, model: o.model as string };
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
  // A file to upload: check the model first, so a typo costs one request rather than an upload.
  if ([o.trainingFile, o.validationFile].some((f) => typeof f === 'string' && existsSync(f)))
    await checkModel(ctx, o.model);
  const trainingFile = await fileIdFor(ctx, o.trainingFile, upload);
  let validationFile: string | undefined;
  if (o.validationFile) {
    if (samePath(o.validationFile, o.trainingFile)) {
      ctx.note(`${o.validationFile} is the training file too: uploaded once, used for both.`);
      validationFile = trainingFile;
    } else validationFile = await fileIdFor(ctx, o.validationFile, upload);
  }
  return {
    model: o.model,
    training_file: trainingFile,
    ...(validationFile ? { validation_file: validationFile } : {}),
    ...(o.suffix ? { suffix: o.suffix } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    method: { type: method, [method]: config },
  } as CreateFineTuningJobRequest;
}
