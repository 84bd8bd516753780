// The checks of one line, shared by the single-threaded validator (one LineChecker for the whole
// source) and the worker threads of the Node validator (one per batch of lines, whose partial
// results are merged in order by ./merge.ts). Everything a line contributes to the report goes
// through here, so both paths give the same report.
import { firstInvalidUtf8, type RawLine } from './lines.ts';
import { isObject, kind, type Json } from './messages.ts';
import { checkPreference } from './preference.ts';
import { checkReinforcement } from './reinforcement.ts';
import { ReportBuilder, type TrainingMethod } from './report.ts';
import { checkCompletion } from './completion.ts';
import { checkSupervised } from './supervised.ts';
import { ChatTokens } from './chat-tokens.ts';
import { isCompletionModel } from './tokens.ts';
import type { TokenCounter } from './tokens.ts';
import { TokenStatsBuilder } from './token-stats.ts';
import { MessageStatsBuilder } from './message-stats.ts';

const BOM = [0xef, 0xbb, 0xbf];

/** What a LineChecker needs: the resolved options without callbacks (they cannot cross threads). */
export interface CheckConfig {
  method: TrainingMethod;
  model: string;
  fields: string[];
  tokenLimit: number;
  maxIssues: number;
  maxLineBytes: number;
}

export interface LineCounts {
  lines: number;
  examples: number;
  invalidLines: number;
  blankLines: number;
  crlfLines: number;
}

/** How to turn a JSON array (pretty-printed or not) into JSONL: one error says it, once. */
export const NOT_JSONL_FIX =
  "Write one example per line (JSONL). To convert a JSON array: jq -c '.[]' data.json > data.jsonl (or in Node: JSON.parse(text).map((e) => JSON.stringify(e)).join('\\n')).";

/** The conversation of an example whose checks passed: its messages, by method. */
function conversation(method: TrainingMethod, example: Json): unknown[] {
  const messages =
    method === 'dpo'
      ? isObject(example.input)
        ? example.input.messages
        : undefined
      : example.messages;
  return Array.isArray(messages) ? messages : [];
}

export class LineChecker {
  readonly r: ReportBuilder;
  readonly stats: TokenStatsBuilder;
  readonly messages = new MessageStatsBuilder();
  readonly counts: LineCounts = {
    lines: 0,
    examples: 0,
    invalidLines: 0,
    blankLines: 0,
    crlfLines: 0,
  };
  readonly #decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** The model's counting rules, and why the current example's count is an estimate. */
  readonly #tokens: ChatTokens | null;

  /**
   * @param firstLine whether the first line checked is the first line of the source (where a BOM
   *   may be)
   * @param onValid called for every valid example, after its own issues, with the line's bytes
   *   (what duplicates are found by)
   */
  constructor(
    readonly config: CheckConfig,
    readonly counter: TokenCounter | null,
    readonly firstLine: boolean,
    readonly onValid: (line: number, tokens: number, bytes: Uint8Array) => void,
  ) {
    this.r = new ReportBuilder(config.maxIssues);
    this.stats = new TokenStatsBuilder(config.tokenLimit);
    this.#tokens = counter ? new ChatTokens(counter, config.model) : null;
  }

  readonly checkLine = (line: RawLine): void => {
    const { r, counts } = this;
    r.line = line.number;
    r.lineErrors = 0;
    counts.lines += 1;
    if (line.crlf) counts.crlfLines += 1;
    let bytes = line.bytes;
    if (
      this.firstLine &&
      line.number === 1 &&
      bytes[0] === BOM[0] &&
      bytes[1] === BOM[1] &&
      bytes[2] === BOM[2]
    ) {
      r.warn(
        '$',
        'byte_order_mark',
        'The file starts with a UTF-8 byte order mark (BOM).',
        'Save the file as UTF-8 without BOM.',
      );
      bytes = bytes.subarray(3);
    }
    if (line.tooLong) {
      r.error(
        '$',
        'line_too_long',
        `The line is ${line.length} bytes, over the ${this.config.maxLineBytes}-byte limit; it was skipped.`,
        'Split or shorten the example; check that lines are separated by newlines.',
      );
    } else if (bytes.length === 0 || isBlank(bytes)) {
      counts.blankLines += 1;
      r.warn(
        '$',
        'blank_line',
        'The line is blank.',
        'Remove blank lines; every line must be one JSON example.',
      );
      return;
    } else {
      this.#checkText(line, bytes);
    }
    if (r.lineErrors > 0) counts.invalidLines += 1;
  };

  #checkText(line: RawLine, bytes: Uint8Array): void {
    const { r, config } = this;
    const chat = this.#tokens;
    let text: string;
    try {
      text = this.#decoder.decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      r.error(
        '$',
        'invalid_utf8',
        `The line is not valid UTF-8 (bad byte near offset ${at} of the line).`,
        'Re-save the file as UTF-8; convert it from its original encoding (e.g. with iconv).',
      );
      return;
    }
    let value: unknown;
    // The first line of a JSON array or of a pretty-printed object: the file is JSON, not JSONL.
    const start = this.firstLine && line.number === 1 ? text.trimStart()[0] : undefined;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (start === '[' || (start === '{' && /^\s*\{\s*$/.test(text))) {
        r.error(
          '$',
          'not_jsonl',
          `The file is ${start === '[' ? 'a JSON array' : 'pretty-printed JSON'}, not JSONL: a training file holds one JSON example per line.`,
          NOT_JSONL_FIX,
        );
        return;
      }
      if (!line.terminated) {
        r.error(
          '$',
          'truncated_line',
          `The last line is not complete JSON and has no newline after it; the file looks cut off (${(error as Error).message}).`,
          'Re-export or re-copy the file; the last example is incomplete.',
        );
      } else {
        r.error(
          '$',
          'invalid_json',
          `The line is not valid JSON: ${(error as Error).message}.`,
          'Write each example as one JSON object on a single line (no pretty-printing).',
        );
      }
      return;
    }
    if (start === '[' && Array.isArray(value)) {
      r.error(
        '$',
        'not_jsonl',
        'The file is a JSON array, not JSONL: a training file holds one JSON example per line.',
        NOT_JSONL_FIX,
      );
      return;
    }
    if (!isObject(value)) {
      r.error(
        '$',
        'not_an_object',
        `The line must be a JSON object, got ${kind(value)}.`,
        'Write each example as one JSON object on its own line.',
      );
      return;
    }
    if (chat) chat.estimate.bits = 0;
    const tokens =
      config.method === 'supervised'
        ? isCompletionModel(config.model)
          ? checkCompletion(value, r, chat)
          : checkSupervised(value, r, chat, config.model)
        : config.method === 'dpo'
          ? checkPreference(value, r, chat)
          : checkReinforcement(value, config.fields, r, chat);
    if (r.lineErrors > 0) return;
    this.counts.examples += 1;
    this.messages.add(line.number, conversation(config.method, value));
    if (chat) {
      this.stats.add(tokens, chat.estimate.bits);
      if (tokens > config.tokenLimit) {
        r.warn(
          '$',
          'over_token_limit',
          `The example has about ${tokens} tokens, over the ${config.tokenLimit}-token limit for ${config.model}; it will be truncated.`,
          'Shorten the conversation or split it into several examples.',
        );
      }
    }
    this.onValid(line.number, tokens, bytes);
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}
