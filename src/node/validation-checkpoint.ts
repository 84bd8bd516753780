// A validation's checkpoint (#30): where validateTrainingChunks got to, as plain data a caller
// saves (openai-ft keeps it in FILE.upload.json), and the check that one given back as `resumeFrom`
// was made for the same checks before the lines it covers are skipped.
import type { BatchResult, ResolvedValidateOptions } from '../training-data/shared.ts';

/** Continuing an interrupted validation: options of `validateTrainingChunks`. */
export interface ValidationCheckpointOptions {
  /**
   * Called after each batch of lines (about 1 MiB) is checked, with where validation got to: save
   * it to continue an interrupted validation of the same bytes with `resumeFrom`. Only while
   * lines are checked on worker threads (a source of 4 MiB or more).
   */
  onCheckpoint?: ((checkpoint: ValidationCheckpoint) => void) | undefined;
  /**
   * A checkpoint `onCheckpoint` gave for the same bytes and the same checks: the lines before it
   * are not checked again (their issues and counts come from it) and the first `checkpoint.bytes`
   * bytes of the source are only skipped. Repeats of an example before it are not looked for. A
   * checkpoint made with other checks (method, model, limits) is not used.
   */
  resumeFrom?: ValidationCheckpoint | undefined;
}

/**
 * Where a validation got to: the bytes of the whole lines checked from the start of the source,
 * what those lines gave, and the checks they were checked with. Plain data, to save as JSON.
 */
export interface ValidationCheckpoint {
  bytes: number;
  /** The checks it was made with (method, model, limits). */
  checks: string;
  /** What those lines gave (counts, issues, statistics): data to keep as it is, not to read. */
  result: Record<string, unknown>;
}

/** The settings a checkpoint holds for: the same lines give the same result under them. */
export const checksKey = (o: ResolvedValidateOptions): string =>
  JSON.stringify([o.method, o.model, o.fields ?? null, o.tokenLimit, o.maxIssues, o.maxLineBytes]);

/** The checkpoint to continue from, when it is one and was made with these checks. */
export function usableCheckpoint(
  checkpoint: ValidationCheckpoint | undefined,
  options: ResolvedValidateOptions,
): { bytes: number; result: BatchResult } | undefined {
  if (!checkpoint || typeof checkpoint !== 'object') return undefined;
  const { bytes, checks } = checkpoint;
  const result = checkpoint.result as unknown as BatchResult | undefined;
  if (!(Number.isInteger(bytes) && bytes > 0) || checks !== checksKey(options) || !result?.tokens)
    return undefined;
  // Saved as JSON: no per-example hashes, and a minimum of "none" (Infinity) came back as null.
  const tokens = { ...result.tokens, min: result.tokens.min ?? Number.POSITIVE_INFINITY };
  return { bytes, result: { ...result, tokens, valid: new Uint32Array(0) } };
}
