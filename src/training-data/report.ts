// The report's shape and the builder that fills it while lines stream past. Issues are kept up to
// a cap so a file with a million bad lines still validates in bounded memory; counts stay exact.
import type { EstimateReason } from './estimates.ts';

/** What kind of problem an issue is. */
export type IssueCode =
  | 'empty_file'
  | 'invalid_utf8'
  | 'byte_order_mark'
  | 'blank_line'
  | 'line_too_long'
  | 'invalid_json'
  | 'truncated_line'
  | 'not_an_object'
  | 'not_jsonl'
  | 'legacy_format'
  | 'missing_field'
  | 'wrong_type'
  | 'invalid_value'
  | 'unknown_field'
  | 'empty_content'
  | 'no_assistant_message'
  | 'trailing_messages'
  | 'nothing_to_learn'
  | 'identical_outputs'
  | 'missing_referenced_field'
  | 'over_token_limit'
  | 'duplicate_example'
  | 'duplicates_not_all_checked'
  | 'missing_system_message'
  | 'too_few_examples'
  | 'few_examples';

/** One problem found in the training data: its code, line and message. */
export interface TrainingDataIssue {
  /** 1-based line number, or null for a problem with the whole file. */
  line: number | null;
  /** Where in the line's JSON, e.g. `$.messages[2].content`; `$` for the whole line. */
  path: string;
  code: IssueCode;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
}

/** Token counts per example: total, min, max, mean, a distribution, and how many exceed the limit. */
export interface TokenStats {
  /** The tokenizer encoding used (from gpt-tokenizer), chosen from the model. */
  encoding: string;
  /** Examples counted (valid lines). */
  examples: number;
  total: number;
  min: number;
  max: number;
  mean: number;
  /** Examples per size class: `upTo` is the class's inclusive upper bound (powers of two). */
  distribution: Array<{ upTo: number; examples: number }>;
  /** The model's per-example limit, and how many examples exceed it (they are truncated). */
  limit: number;
  overLimit: number;
  /**
   * Examples whose count is an estimate rather than exact, and how many for each reason:
   * `image_size_unknown` (an image given by URL, counted at the most the model's rule allows),
   * `image_detail_auto` (`detail` "auto" or absent, counted as "high"), `image_rule_assumed` (a
   * model the vision rules do not list, counted by gpt-4o's), `tool_rules_assumed` (a model the
   * cookbook's tool rules do not list, counted with its family's overheads), `tool_schema_nested`
   * (parameter schemas below the top-level properties, or without one type), `tool_calls` (tool
   * or function calls in messages, counted as their name and arguments text).
   */
  estimated: { examples: number; reasons: Partial<Record<EstimateReason, number>> };
}

/** Messages per valid example, and how many have a system (or developer) message. */
export interface MessageStats {
  /** Examples counted (valid lines). */
  examples: number;
  min: number;
  max: number;
  /** Rounded to two decimals. */
  mean: number;
  /** Examples per message count, by increasing count; only counts that occur. */
  distribution: Array<{ messages: number; examples: number }>;
  /** Examples with a `system` or `developer` message. */
  withSystem: number;
}

/** The estimated billed tokens of a training run. */
export interface BillingEstimate {
  epochs: number;
  /** 'given' when `epochs` was passed; 'auto' when it follows the API's default rule. */
  epochsSource: 'given' | 'auto';
  /** Tokens billed per epoch: each example's tokens, capped at the model's limit. */
  tokensPerEpoch: number;
  /** tokensPerEpoch × epochs; null when the method is not billed by tokens. */
  estimatedBilledTokens: number | null;
  note: string;
}

/** The result of validating training data: errors, warnings, counts, tokens and billing. */
export interface TrainingDataReport {
  method: TrainingMethod;
  model: string;
  /** True when there is no error (warnings allowed). */
  valid: boolean;
  errors: TrainingDataIssue[];
  warnings: TrainingDataIssue[];
  counts: {
    bytes: number;
    lines: number;
    /** Lines that are valid examples. */
    examples: number;
    /** Lines with at least one error. */
    invalidLines: number;
    blankLines: number;
    crlfLines: number;
    /** Every error and warning by code, including those past the listing cap. */
    errors: Partial<Record<IssueCode, number>>;
    warnings: Partial<Record<IssueCode, number>>;
    /** Issues counted but not listed because of `maxIssues`. */
    unlisted: { errors: number; warnings: number };
  };
  /** Null when token counting was turned off. */
  tokens: TokenStats | null;
  /** Messages per example (for dpo, the input's messages). */
  messages: MessageStats;
  billing: BillingEstimate | null;
}

/**
 * The fine-tuning method the data is checked for, named as the API names it (`method.type` of a
 * job). The report always names it this way.
 */
export type TrainingMethod = 'supervised' | 'dpo' | 'reinforcement';

/** What the `method` option accepts: a {@link TrainingMethod}, or `'preference'`, an alias of `'dpo'`. */
export type TrainingMethodName = TrainingMethod | 'preference';

/** Collects issues for the line being checked and for the file. */
export class ReportBuilder {
  readonly errors: TrainingDataIssue[] = [];
  readonly warnings: TrainingDataIssue[] = [];
  readonly errorCounts: Partial<Record<IssueCode, number>> = {};
  readonly warningCounts: Partial<Record<IssueCode, number>> = {};
  unlistedErrors = 0;
  unlistedWarnings = 0;
  /** Errors on the current line, to tell valid examples from invalid ones. */
  lineErrors = 0;
  line: number | null = null;

  constructor(readonly maxIssues: number) {}

  error(path: string, code: IssueCode, message: string, fix: string): void {
    this.lineErrors += 1;
    this.errorCounts[code] = (this.errorCounts[code] ?? 0) + 1;
    if (this.errors.length < this.maxIssues)
      this.errors.push({ line: this.line, path, code, message, fix });
    else this.unlistedErrors += 1;
  }

  /** Lists an issue already counted by code elsewhere (merging results of batches of lines). */
  list(kind: 'error' | 'warning', issue: TrainingDataIssue): void {
    const list = kind === 'error' ? this.errors : this.warnings;
    if (list.length < this.maxIssues) list.push(issue);
    else if (kind === 'error') this.unlistedErrors += 1;
    else this.unlistedWarnings += 1;
  }

  warn(path: string, code: IssueCode, message: string, fix: string): void {
    this.warningCounts[code] = (this.warningCounts[code] ?? 0) + 1;
    if (this.warnings.length < this.maxIssues)
      this.warnings.push({ line: this.line, path, code, message, fix });
    else this.unlistedWarnings += 1;
  }
}
