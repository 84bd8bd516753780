// validateTrainingData: streams a JSONL source line by line, checks each example for the chosen
// method, counts tokens, and returns a report. Bad data is the report's content; only a source
// that cannot be read makes it throw.
import { InvalidArgumentError } from '../errors.ts';
import { estimateBilling } from './billing.ts';
import { UnreadableTrainingDataError } from './errors.ts';
import { firstInvalidUtf8, LineSplitter, type RawLine } from './lines.ts';
import { isObject, kind } from './messages.ts';
import { checkPreference } from './preference.ts';
import { resolveOptions, type ValidateTrainingDataOptions } from './options.ts';
import { checkReinforcement } from './reinforcement.ts';
import { ReportBuilder, type TrainingDataReport } from './report.ts';
import { toChunks, type TrainingDataSource } from './source.ts';
import { checkSupervised } from './supervised.ts';
import { encodingFor, loadCounter, type TokenCounter } from './tokens.ts';
import { TokenStatsBuilder } from './token-stats.ts';

const MIN_EXAMPLES = 10;
const RECOMMENDED_EXAMPLES = 50;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Validates a JSONL training file for `method` in constant memory.
 * @example
 * const report = await validateTrainingData(file, { method: 'supervised', model: 'gpt-4.1-mini-2025-04-14' });
 * for (const e of report.errors) console.log(`line ${e.line} ${e.path}: ${e.message} ${e.fix}`);
 */
export async function validateTrainingData(
  source: TrainingDataSource,
  userOptions: ValidateTrainingDataOptions,
): Promise<TrainingDataReport> {
  const options = resolveOptions(userOptions);
  const chunks = toChunks(source);
  const { model, tokenLimit: limit, fields } = options;
  const counter: TokenCounter | null = options.countTokens ? await loadCounter(encodingFor(model)) : null;
  const r = new ReportBuilder(options.maxIssues);
  const stats = new TokenStatsBuilder(limit);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const counts = { bytes: 0, lines: 0, examples: 0, invalidLines: 0, blankLines: 0, crlfLines: 0 };

  const checkLine = (line: RawLine): void => {
    r.line = line.number;
    r.lineErrors = 0;
    counts.lines += 1;
    if (line.crlf) counts.crlfLines += 1;
    let bytes = line.bytes;
    if (line.number === 1 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) {
      r.warn('$', 'byte_order_mark', 'The file starts with a UTF-8 byte order mark (BOM).', 'Save the file as UTF-8 without BOM.');
      bytes = bytes.subarray(3);
    }
    if (line.tooLong) {
      r.error('$', 'line_too_long', `The line is ${line.length} bytes, over the ${options.maxLineBytes}-byte limit; it was skipped.`, 'Split or shorten the example; check that lines are separated by newlines.');
    } else if (bytes.length === 0 || isBlank(bytes)) {
      counts.blankLines += 1;
      r.warn('$', 'blank_line', 'The line is blank.', 'Remove blank lines; every line must be one JSON example.');
      return;
    } else {
      checkText(line, bytes);
    }
    if (r.lineErrors > 0) counts.invalidLines += 1;
  };

  const checkText = (line: RawLine, bytes: Uint8Array): void => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      r.error('$', 'invalid_utf8', `The line is not valid UTF-8 (bad byte near offset ${at} of the line).`, 'Re-save the file as UTF-8; convert it from its original encoding (e.g. with iconv).');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!line.terminated) {
        r.error('$', 'truncated_line', `The last line is not complete JSON and has no newline after it; the file looks cut off (${(error as Error).message}).`, 'Re-export or re-copy the file; the last example is incomplete.');
      } else {
        r.error('$', 'invalid_json', `The line is not valid JSON: ${(error as Error).message}.`, 'Write each example as one JSON object on a single line (no pretty-printing).');
      }
      return;
    }
    if (!isObject(value)) {
      r.error('$', 'not_an_object', `The line must be a JSON object, got ${kind(value)}.`, 'Write each example as one JSON object on its own line.');
      return;
    }
    const tokens =
      options.method === 'supervised'
        ? checkSupervised(value, r, counter)
        : options.method === 'dpo'
          ? checkPreference(value, r, counter)
          : checkReinforcement(value, fields, r, counter);
    if (r.lineErrors > 0) return;
    counts.examples += 1;
    if (counter) {
      stats.add(tokens);
      if (tokens > limit) {
        r.warn('$', 'over_token_limit', `The example has about ${tokens} tokens, over the ${limit}-token limit for ${model}; it will be truncated.`, 'Shorten the conversation or split it into several examples.');
      }
    }
    options.onExample?.({ line: line.number, tokens });
  };

  const splitter = new LineSplitter(options.maxLineBytes, checkLine);
  try {
    for await (const chunk of chunks) {
      options.signal?.throwIfAborted();
      counts.bytes += chunk.length;
      splitter.push(chunk);
    }
  } catch (error) {
    if (options.signal?.aborted || error instanceof InvalidArgumentError) throw error;
    throw new UnreadableTrainingDataError(
      `validateTrainingData: the source could not be read after ${counts.bytes} bytes: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
  splitter.end();

  r.line = null;
  if (counts.bytes === 0 || counts.lines === counts.blankLines) {
    r.error('$', 'empty_file', 'The file has no examples.', 'Write one JSON example per line.');
  } else if (counts.examples < MIN_EXAMPLES) {
    r.error('$', 'too_few_examples', `The file has ${counts.examples} valid example${counts.examples === 1 ? "" : "s"}; a fine-tuning job needs at least ${MIN_EXAMPLES}.`, `Add examples (${RECOMMENDED_EXAMPLES} to 100 well-chosen ones usually show a clear improvement).`);
  } else if (counts.examples < RECOMMENDED_EXAMPLES) {
    r.warn('$', 'few_examples', `The file has ${counts.examples} examples; results usually improve clearly from ${RECOMMENDED_EXAMPLES} to 100.`, 'Add more examples if the fine-tuned model underperforms.');
  }

  const tokens = counter ? stats.finish(counter.encoding) : null;
  return {
    method: options.method,
    model,
    valid: r.errors.length === 0 && r.unlistedErrors === 0,
    errors: r.errors,
    warnings: r.warnings,
    counts: { ...counts, errors: r.errorCounts, warnings: r.warningCounts, unlisted: { errors: r.unlistedErrors, warnings: r.unlistedWarnings } },
    tokens,
    billing: tokens ? estimateBilling(options.method, counts.examples, stats.billedPerEpoch, options.epochs) : null,
  };
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}
