// uploadTrainingFile: optionally validate a file on disk, then upload it without buffering it.
import type { FineTuning } from '../client.ts';
import { FineTuningError } from '../errors.ts';
import type { RequestOptions } from '../internal/call.ts';
import type { CreateFileParams } from '../resources/files.ts';
import type { TrainingDataReport } from '../training-data/report.ts';
import type { ValidateTrainingDataOptions } from '../training-data/options.ts';
import type { OpenAiFile } from '../../generated/types.gen.ts';
import { openTrainingFile } from './open-file.ts';
import { validateTrainingFile } from './validate-file.ts';

/** The file has errors, so it was not uploaded. `report` lists them. */
export class InvalidTrainingDataError extends FineTuningError {
  static override readonly kind: string = 'InvalidTrainingDataError';
  constructor(
    readonly path: string,
    readonly report: TrainingDataReport,
  ) {
    const first = report.errors[0];
    const total = Object.values(report.counts.errors).reduce((a, b) => a + (b ?? 0), 0);
    super(
      `${path} was not uploaded: it has ${total} error${total === 1 ? '' : 's'}` +
        (first ? `; first at ${first.line === null ? 'file level' : `line ${first.line}`} ${first.path}: ${first.message} ${first.fix}` : '.') +
        ' See error.report for all of them.',
    );
  }
}

export interface UploadTrainingFileOptions extends Omit<CreateFileParams, 'file' | 'purpose'>, RequestOptions {
  /** @default 'fine-tune' */
  purpose?: CreateFileParams['purpose'];
  /**
   * Validate before uploading; an invalid file is not uploaded and the call rejects with
   * `InvalidTrainingDataError`. `true` validates as supervised data for the default model.
   * @default false
   */
  validate?: boolean | ValidateTrainingDataOptions;
}

/** What `uploadTrainingFile` resolves with: the uploaded file and the validation report, if any. */
export interface UploadedTrainingFile {
  file: OpenAiFile;
  /** The validation report when `validate` was set. */
  report?: TrainingDataReport;
}

/**
 * Uploads the JSONL file at `path`, streamed from disk.
 * @example
 * const { file, report } = await uploadTrainingFile(ft, 'train.jsonl', { validate: { method: 'supervised' } });
 */
export async function uploadTrainingFile(ft: FineTuning, path: string, options: UploadTrainingFileOptions = {}): Promise<UploadedTrainingFile> {
  const { validate, signal, headers, purpose = 'fine-tune', filename, ...rest } = options;
  let report: TrainingDataReport | undefined;
  if (validate) {
    const validateOptions: ValidateTrainingDataOptions = validate === true ? { method: 'supervised' } : validate;
    report = await validateTrainingFile(path, { ...validateOptions, signal: validateOptions.signal ?? signal });
    if (!report.valid) throw new InvalidTrainingDataError(path, report);
  }
  const file = await openTrainingFile(path, filename);
  const uploaded = await ft.files.create({ ...rest, purpose, file }, { signal, headers });
  return report ? { file: uploaded, report } : { file: uploaded };
}
