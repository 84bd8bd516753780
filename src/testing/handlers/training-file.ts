// Shared by the modern and legacy job handlers.
import { invalid } from '../errors.ts';
import type { HandlerContext } from './types.ts';

/** A training or validation file named in a create request must exist and be for fine-tuning. */
export function checkTrainingFile(
  ctx: HandlerContext,
  id: string,
  param: string,
  missingCode: string | null = null,
): void {
  const file = ctx.state.files.get(id);
  if (!file)
    // The API's words and `code: null` (recorded: "invalid training_file: Invalid File Name").
    throw invalid(`invalid ${param}: ${id}. No file with that id exists.`, param, missingCode);
  if (file.purpose !== 'fine-tune') {
    throw invalid(
      `Invalid ${param}: ${id}. The file has purpose '${file.purpose}'; upload it with purpose 'fine-tune'.`,
      param,
      'invalid_file_purpose',
    );
  }
}
