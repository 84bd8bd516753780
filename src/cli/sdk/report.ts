// Report adapter: `openai-ft report` uses `collectReport`/`renderReport` of
// `openai-fine-tuning/report`. The import is dynamic so the report code (and the uPlot files it
// inlines) load only for this command.
import type { ReportData, ReportOptions } from '../../report/index.ts';
import type { FineTuning } from './client.ts';

export type { ReportData, ReportOptions };

export async function collect(ft: FineTuning, options: ReportOptions): Promise<ReportData> {
  const { collectReport } = await import('../../report/index.ts');
  return collectReport(ft, options);
}

export async function render(data: ReportData): Promise<string> {
  const { renderReport } = await import('../../report/index.ts');
  return renderReport(data);
}

/** Checks a comparison read from a file; throws ReportInputError naming the wrong field. */
export async function checkEvals(value: unknown): Promise<ReportOptions['evals']> {
  const { checkEvalComparison } = await import('../../report/index.ts');
  return checkEvalComparison(value);
}
