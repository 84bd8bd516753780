// What the single-threaded validator and the merge of worker results share once lines are
// checked: duplicate detection in line order, progress reports, and the file-level checks that
// turn the running figures into the report.
import { estimateBilling } from './billing.ts';
import type { DuplicateTable } from './duplicates.ts';
import type { LineCounts } from './check.ts';
import type { MessageStatsBuilder } from './message-stats.ts';
import type { ResolvedValidateOptions, TrainingDataProgress } from './options.ts';
import type { ReportBuilder, TrainingDataReport } from './report.ts';
import type { TokenStatsBuilder } from './token-stats.ts';
import { MAX_SLOTS } from './duplicates.ts';

const MIN_EXAMPLES = 10;
const RECOMMENDED_EXAMPLES = 50;
/** Progress is reported at most this often (and once at the end). */
const PROGRESS_MS = 100;

/** Warns, at the current line of `r`, when the example was seen before. */
export function checkDuplicate(
  table: DuplicateTable,
  r: ReportBuilder,
  line: number,
  hi: number,
  lo: number,
): void {
  const first = table.check(hi, lo, line);
  if (first !== 0) {
    r.warn(
      '$',
      'duplicate_example',
      `The example is the same as line ${first}.`,
      'Remove the repeat: a duplicate weighs that example twice and teaches nothing new.',
    );
  }
}

/** Calls `onProgress` at most every 100 ms, and always for the last figures. */
export class ProgressThrottle {
  #last = 0;
  constructor(
    readonly onProgress: ((progress: TrainingDataProgress) => void) | undefined,
    readonly totalBytes: number | undefined,
  ) {}

  report(bytes: number, lines: number, final = false): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (!final && now - this.#last < PROGRESS_MS) return;
    this.#last = now;
    this.onProgress({ bytes, totalBytes: this.totalBytes, lines });
  }
}

/** Counts by code in a fixed (alphabetical) order, whichever way the lines were checked. */
const sortedKeys = <T>(counts: Partial<Record<string, T>>): Partial<Record<string, T>> =>
  Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))) as Partial<
    Record<string, T>
  >;

export interface FinishInput {
  r: ReportBuilder;
  counts: LineCounts & { bytes: number };
  stats: TokenStatsBuilder;
  messages: MessageStatsBuilder;
  duplicates: DuplicateTable;
  /** The tokenizer's encoding, or null when tokens were not counted. */
  encoding: string | null;
}

export function finishReport(
  options: ResolvedValidateOptions,
  { r, counts, stats, messages, duplicates, encoding }: FinishInput,
): TrainingDataReport {
  r.line = null;
  const notJsonl = r.errors.find((e) => e.code === 'not_jsonl');
  if (notJsonl) {
    // A JSON array read line by line gives an error on nearly every line: one error says it all.
    return {
      method: options.method,
      model: options.model,
      valid: false,
      errors: [notJsonl],
      warnings: [],
      counts: {
        ...counts,
        errors: { not_jsonl: 1 },
        warnings: {},
        unlisted: { errors: 0, warnings: 0 },
      },
      tokens: null,
      messages: messages.finish(),
      billing: null,
    };
  }
  if (counts.bytes === 0 || counts.lines === counts.blankLines) {
    r.error('$', 'empty_file', 'The file has no examples.', 'Write one JSON example per line.');
  } else if (counts.examples < MIN_EXAMPLES) {
    r.error(
      '$',
      'too_few_examples',
      `The file has ${counts.examples} valid example${counts.examples === 1 ? '' : 's'}; a fine-tuning job needs at least ${MIN_EXAMPLES}.`,
      `Add examples (${RECOMMENDED_EXAMPLES} to 100 well-chosen ones usually show a clear improvement).`,
    );
  } else if (counts.examples < RECOMMENDED_EXAMPLES) {
    r.warn(
      '$',
      'few_examples',
      `The file has ${counts.examples} examples; results usually improve clearly from ${RECOMMENDED_EXAMPLES} to 100.`,
      'Add more examples if the fine-tuned model underperforms.',
    );
  }
  const { withSystem, withoutSystem, firstWithout } = messages.state;
  if (withSystem > 0 && withoutSystem > 0) {
    r.warn(
      '$',
      'missing_system_message',
      `${withoutSystem} of ${withSystem + withoutSystem} examples have no system message while the others have one (the first is line ${firstWithout}).`,
      'Give every example the same system message, or none: the model learns to expect what it saw.',
    );
  }
  if (duplicates.unstored > 0) {
    r.warn(
      '$',
      'duplicates_not_all_checked',
      `Duplicates were looked for among the first ${Math.floor(MAX_SLOTS * 0.75)} distinct examples; ${duplicates.unstored} later ones were compared with those but not with each other.`,
      'Deduplicate the file with a tool that sorts it (e.g. sort -u) if later repeats matter.',
    );
  }
  const tokens = encoding !== null ? stats.finish(encoding) : null;
  return {
    method: options.method,
    model: options.model,
    valid: r.errors.length === 0 && r.unlistedErrors === 0,
    errors: r.errors,
    warnings: r.warnings,
    counts: {
      ...counts,
      errors: sortedKeys(r.errorCounts),
      warnings: sortedKeys(r.warningCounts),
      unlisted: { errors: r.unlistedErrors, warnings: r.unlistedWarnings },
    },
    tokens,
    messages: messages.finish(),
    billing: tokens
      ? estimateBilling(options.method, counts.examples, stats.billedPerEpoch, options.epochs)
      : null,
  };
}
