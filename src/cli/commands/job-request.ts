// The body of `jobs create` from its flags: local files validated and uploaded, hyperparameters
// and the grader put under the chosen method, as the API expects.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CreateFineTuningJobRequest } from '../../../generated/types.gen.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { hyperparameters } from '../parse.ts';
import type { CliMethod } from '../sdk/training-data.ts';
import type { Options } from './act.ts';
import { validateAndUpload } from './files.ts';

/** `file-…` ids are used as they are; a path that exists is validated and uploaded first. */
async function fileIdFor(ctx: Context, value: string, o: { validate: boolean; method: CliMethod }): Promise<string> {
  if (!existsSync(value)) {
    if (/[\\/]|\.jsonl?$/i.test(value)) throw new UsageError(`${value} does not exist: pass a file id (file-…) or the path of a .jsonl file.`, 'jobs create');
    return value;
  }
  const file = await validateAndUpload(ctx, value, o);
  ctx.note(`Uploaded ${value} as ${file.id}.`);
  return file.id;
}

export async function requestBody(ctx: Context, o: Options): Promise<CreateFineTuningJobRequest> {
  const method = o.method as CliMethod;
  const upload = { validate: o.validate as boolean, method };
  const hyper = hyperparameters(o.hyperparameter);
  const config: Record<string, unknown> = hyper ? { hyperparameters: hyper } : {};
  if (o.grader) {
    if (method !== 'reinforcement') throw new UsageError('--grader applies to --method reinforcement only.', 'jobs create');
    const text = await readFile(o.grader, 'utf8').catch(() => {
      throw new UsageError(`cannot read the grader file ${o.grader}.`, 'jobs create');
    });
    try {
      config.grader = JSON.parse(text);
    } catch {
      throw new UsageError(`${o.grader} is not JSON: the grader file holds one grader object.`, 'jobs create');
    }
  }
  return {
    model: o.model,
    training_file: await fileIdFor(ctx, o.trainingFile, upload),
    ...(o.validationFile ? { validation_file: await fileIdFor(ctx, o.validationFile, upload) } : {}),
    ...(o.suffix ? { suffix: o.suffix } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    method: { type: method, [method]: config },
  } as CreateFineTuningJobRequest;
}
