// One batch of whole lines checked on its own (in a worker thread, or on the calling thread for
// the last small batch and for too-long lines), and the merge of batch results, in order, into the
// report the single-threaded validator gives: line numbers shifted by the lines before, issues
// listed up to the cap in line order, duplicates looked up in line order, statistics summed.
import { LineChecker, type CheckConfig, type LineCounts } from './check.ts';
import { DuplicateTable, hashBytes } from './duplicates.ts';
import { checkDuplicate, finishReport, ProgressThrottle } from './finish.ts';
import { LineSplitter, type RawLine } from './lines.ts';
import { MessageStatsBuilder, type MessageStatsState } from './message-stats.ts';
import type { ResolvedValidateOptions } from './options.ts';
import {
  ReportBuilder,
  type IssueCode,
  type TrainingDataIssue,
  type TrainingDataReport,
} from './report.ts';
import type { TokenCounter } from './tokens.ts';
import { TokenStatsBuilder, type TokenStatsState } from './token-stats.ts';

/** What checking a batch gives: plain data (it crosses threads), line numbers counted from 1 in the batch. */
export interface BatchResult {
  counts: LineCounts;
  errors: TrainingDataIssue[];
  warnings: TrainingDataIssue[];
  errorCounts: Partial<Record<IssueCode, number>>;
  warningCounts: Partial<Record<IssueCode, number>>;
  unlistedErrors: number;
  unlistedWarnings: number;
  tokens: TokenStatsState;
  messages: MessageStatsState;
  /** Per valid example, four numbers: line, tokens, and the two halves of its hash. */
  valid: Uint32Array<ArrayBuffer>;
}

/** Checks the lines `feed` gives (through a LineChecker) and packs the result. */
function checkLines(
  config: CheckConfig,
  counter: TokenCounter | null,
  firstBatch: boolean,
  feed: (onLine: (line: RawLine) => void) => void,
): BatchResult {
  const valid: number[] = [];
  const checker = new LineChecker(config, counter, firstBatch, (line, tokens, bytes) => {
    const [hi, lo] = hashBytes(bytes);
    valid.push(line, tokens, hi, lo);
  });
  feed(checker.checkLine);
  return resultOf(checker, checker.counts, Uint32Array.from(valid));
}

/** A batch's result from what checked it: a batch's checker, or the batches merged so far. */
function resultOf(
  { r, stats, messages }: Pick<LineChecker, 'r' | 'stats' | 'messages'>,
  counts: LineCounts,
  valid: BatchResult['valid'],
): BatchResult {
  return {
    counts,
    errors: r.errors,
    warnings: r.warnings,
    errorCounts: r.errorCounts,
    warningCounts: r.warningCounts,
    unlistedErrors: r.unlistedErrors,
    unlistedWarnings: r.unlistedWarnings,
    tokens: stats.state(),
    messages: messages.state,
    valid,
  };
}

/** Checks a batch of whole lines (the last of which may have no newline). */
export function checkBatch(
  config: CheckConfig,
  counter: TokenCounter | null,
  firstBatch: boolean,
  bytes: Uint8Array,
): BatchResult {
  return checkLines(config, counter, firstBatch, (onLine) => {
    const splitter = new LineSplitter(config.maxLineBytes, onLine);
    splitter.push(bytes);
    splitter.end();
  });
}

/** The result for one line that was too long to hold. */
export function checkTooLong(
  config: CheckConfig,
  length: number,
  terminated: boolean,
): BatchResult {
  return checkLines(config, null, false, (onLine) =>
    onLine({ number: 1, bytes: new Uint8Array(0), terminated, crlf: false, tooLong: true, length }),
  );
}

const add = (
  into: Partial<Record<IssueCode, number>>,
  from: Partial<Record<IssueCode, number>>,
): void => {
  for (const [code, n] of Object.entries(from) as Array<[IssueCode, number]>)
    into[code] = (into[code] ?? 0) + n;
};

/** Folds batch results, in order, into one report. */
export class ReportMerger {
  readonly r: ReportBuilder;
  readonly stats: TokenStatsBuilder;
  readonly messages = new MessageStatsBuilder();
  readonly duplicates = new DuplicateTable();
  readonly counts = {
    bytes: 0,
    lines: 0,
    examples: 0,
    invalidLines: 0,
    blankLines: 0,
    crlfLines: 0,
  };
  readonly progress: ProgressThrottle;

  constructor(readonly options: ResolvedValidateOptions) {
    this.r = new ReportBuilder(options.maxIssues);
    this.stats = new TokenStatsBuilder(options.tokenLimit);
    this.progress = new ProgressThrottle(options.onProgress, options.totalBytes);
  }

  add(result: BatchResult, bytes: number): void {
    const { r, counts } = this;
    const offset = counts.lines;
    for (const issue of result.errors)
      r.list('error', { ...issue, line: issue.line === null ? null : issue.line + offset });
    r.unlistedErrors += result.unlistedErrors;
    add(r.errorCounts, result.errorCounts);
    // Warnings of the batch, with the duplicate warnings found here slotted in after each
    // example's own warnings, as the single-threaded validator emits them.
    const { warnings, valid } = result;
    let w = 0;
    const flushWarnings = (upTo: number): void => {
      for (; w < warnings.length && warnings[w]!.line! <= upTo; w++)
        r.list('warning', { ...warnings[w]!, line: warnings[w]!.line! + offset });
    };
    for (let k = 0; k < valid.length; k += 4) {
      const line = valid[k]!;
      flushWarnings(line);
      r.line = line + offset;
      checkDuplicate(this.duplicates, r, line + offset, valid[k + 2]!, valid[k + 3]!);
      this.options.onExample?.({ line: line + offset, tokens: valid[k + 1]! });
    }
    flushWarnings(Infinity);
    r.unlistedWarnings += result.unlistedWarnings;
    add(r.warningCounts, result.warningCounts);
    this.stats.merge(result.tokens);
    this.messages.merge(result.messages, offset);
    counts.bytes += bytes;
    counts.lines += result.counts.lines;
    counts.examples += result.counts.examples;
    counts.invalidLines += result.counts.invalidLines;
    counts.blankLines += result.counts.blankLines;
    counts.crlfLines += result.counts.crlfLines;
    this.progress.report(counts.bytes, counts.lines);
  }

  /**
   * What the batches merged so far gave, as one result of plain data (lines numbered from 1, no
   * per-example hashes): a checkpoint to continue from with `add`.
   */
  snapshot(): BatchResult {
    const { lines, examples, invalidLines, blankLines, crlfLines } = this.counts;
    return structuredClone(
      resultOf(this, { lines, examples, invalidLines, blankLines, crlfLines }, new Uint32Array(0)),
    );
  }

  finish(encoding: string | null): TrainingDataReport {
    this.progress.report(this.counts.bytes, this.counts.lines, true);
    return finishReport(this.options, {
      r: this.r,
      counts: this.counts,
      stats: this.stats,
      messages: this.messages,
      duplicates: this.duplicates,
      encoding,
    });
  }
}
