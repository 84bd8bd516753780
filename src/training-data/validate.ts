// validateTrainingData: streams a JSONL source line by line, checks each example for the chosen
// method, counts tokens, and returns a report. Bad data is the report's content; only a source
// that cannot be read makes it throw. This is the single-threaded path (every runtime); the Node
// entry spreads the same checks over worker threads (src/node/validate-chunks.ts).
import { InvalidArgumentError } from '../errors.ts';
import { LineChecker } from './check.ts';
import { DuplicateTable, hashBytes } from './duplicates.ts';
import { UnreadableTrainingDataError } from './errors.ts';
import { checkDuplicate, finishReport, ProgressThrottle } from './finish.ts';
import { LineSplitter } from './lines.ts';
import { resolveOptions, type ValidateTrainingDataOptions } from './options.ts';
import type { TrainingDataReport } from './report.ts';
import { sourceSize, toChunks, type TrainingDataSource } from './source.ts';
import { encodingFor, loadCounter, type TokenCounter } from './tokens.ts';
import { withSpan } from '../telemetry/spans.ts';
import { reportOnSpan } from './report-span.ts';

/**
 * Validates a JSONL training file for `method` in constant memory.
 * @example
 * const report = await validateTrainingData(file, { method: 'supervised', model: 'gpt-4.1-mini-2025-04-14' });
 * for (const e of report.errors) console.log(`line ${e.line} ${e.path}: ${e.message} ${e.fix}`);
 */
export function validateTrainingData(
  source: TrainingDataSource,
  userOptions: ValidateTrainingDataOptions,
): Promise<TrainingDataReport> {
  // One span over the whole validation (when an OpenTelemetry provider is registered).
  return withSpan(
    'validateTrainingData',
    { 'openai.fine_tuning.method': userOptions?.method },
    (span) => validateUntraced(source, userOptions).then((report) => reportOnSpan(span, report)),
  );
}

/** validateTrainingData without its span (validateTrainingFile's fallback has its own). */
export async function validateUntraced(
  source: TrainingDataSource,
  userOptions: ValidateTrainingDataOptions,
): Promise<TrainingDataReport> {
  const options = resolveOptions(userOptions);
  const chunks = toChunks(source);
  const counter: TokenCounter | null = options.countTokens
    ? await loadCounter(encodingFor(options.model))
    : null;
  const duplicates = new DuplicateTable();
  const checker: LineChecker = new LineChecker(options, counter, true, (line, tokens, bytes) => {
    const [hi, lo] = hashBytes(bytes);
    checkDuplicate(duplicates, checker.r, line, hi, lo);
    options.onExample?.({ line, tokens });
  });
  const progress = new ProgressThrottle(
    options.onProgress,
    options.totalBytes ?? sourceSize(source),
  );
  let bytes = 0;
  const splitter = new LineSplitter(options.maxLineBytes, checker.checkLine);
  try {
    for await (const chunk of chunks) {
      options.signal?.throwIfAborted();
      bytes += chunk.length;
      splitter.push(chunk);
      progress.report(bytes, checker.counts.lines);
    }
  } catch (error) {
    if (options.signal?.aborted || error instanceof InvalidArgumentError) throw error;
    throw new UnreadableTrainingDataError(
      `validateTrainingData: the source could not be read after ${bytes} bytes: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
  splitter.end();
  progress.report(bytes, checker.counts.lines, true);
  return finishReport(options, {
    r: checker.r,
    counts: { bytes, ...checker.counts },
    stats: checker.stats,
    messages: checker.messages,
    duplicates,
    encoding: counter ? counter.encoding : null,
  });
}
