// A validation report as span attributes and the lines-validated counter (src/telemetry/spans.ts).
import type { SpanHandle } from '../telemetry/spans.ts';
import type { TrainingDataReport } from './report.ts';

/** Puts the report's figures on the validation's span and counts its lines; returns the report. */
export function reportOnSpan(span: SpanHandle, report: TrainingDataReport): TrainingDataReport {
  const { counts } = report;
  span.set({
    'openai.training_data.valid': report.valid,
    'openai.training_data.lines': counts.lines,
    'openai.training_data.examples': counts.examples,
    'openai.training_data.invalid_lines': counts.invalidLines,
    'openai.training_data.bytes': counts.bytes,
    'gen_ai.request.model': report.model,
  });
  span.count('validation.lines', counts.lines, {
    'openai.fine_tuning.method': report.method,
    'openai.training_data.valid': report.valid,
  });
  return report;
}
