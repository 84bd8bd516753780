// Training-data adapter: validating and uploading a file on disk. The report type mirrors the
// SDK's `TrainingDataReport` (the fields the CLI prints). When `openai-fine-tuning/node` is in the
// package, `validateFile` becomes `validateTrainingFile(path, { method: apiMethod(method), model,
// epochs })` and `uploadFile` becomes `(await uploadTrainingFile(ft, path)).file` (streamed from
// disk). Until then the check here is only the first layer of it: every line is a JSON object with
// the method's top-level fields; no token counts, no billing estimate.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OpenAiFile } from '../../../generated/types.gen.ts';
import { UsageError } from '../errors.ts';
import type { FineTuning } from './client.ts';

export type CliMethod = 'supervised' | 'dpo' | 'reinforcement';

export interface TrainingDataIssue {
  line: number | null;
  path: string;
  code: string;
  message: string;
  fix: string;
}

export interface TrainingDataReport {
  method: string;
  model: string;
  valid: boolean;
  errors: TrainingDataIssue[];
  warnings: TrainingDataIssue[];
  counts: {
    bytes: number;
    lines: number;
    examples: number;
    invalidLines: number;
    blankLines: number;
    crlfLines: number;
    errors: Partial<Record<string, number>>;
    warnings: Partial<Record<string, number>>;
    unlisted: { errors: number; warnings: number };
  };
  tokens: {
    encoding: string;
    examples: number;
    total: number;
    min: number;
    max: number;
    mean: number;
    distribution: Array<{ upTo: number; examples: number }>;
    limit: number;
    overLimit: number;
  } | null;
  billing: { epochs: number; epochsSource: 'given' | 'auto'; tokensPerEpoch: number; estimatedBilledTokens: number | null; note: string } | null;
}

/** The SDK's validator calls DPO data `preference`. */
export const apiMethod = (method: CliMethod) => (method === 'dpo' ? 'preference' : method);

const FIELDS: Record<CliMethod, string[]> = {
  supervised: ['messages'],
  dpo: ['input', 'preferred_output', 'non_preferred_output'],
  reinforcement: ['messages'],
};

/** Reads `path` or says in one line why it cannot. */
export async function checkReadable(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}. Check the path.`);
  });
  if (!info.isFile()) throw new UsageError(`${path} is not a file. Pass the path of a .jsonl file.`);
}

export async function validateFile(path: string, o: { method: CliMethod; model?: string; epochs?: number }): Promise<TrainingDataReport> {
  await checkReadable(path);
  const text = await readFile(path, 'utf8');
  const errors: TrainingDataIssue[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let examples = 0;
  let invalidLines = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const before = errors.length;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, path: '$', code: 'invalid_json', message: `not valid JSON (${(error as Error).message}).`, fix: 'Write one JSON object per line.' });
    }
    if (errors.length === before && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      errors.push({ line, path: '$', code: 'not_an_object', message: 'the line is not a JSON object.', fix: 'Write one JSON object per line.' });
    } else if (errors.length === before) {
      for (const field of FIELDS[o.method]) {
        if (!(field in (value as object))) {
          errors.push({ line, path: `$.${field}`, code: 'missing_field', message: `\`${field}\` is missing.`, fix: `Add \`${field}\` (${o.method} data).` });
        }
      }
    }
    if (errors.length === before) examples += 1;
    else invalidLines += 1;
  });
  if (lines.length === 0) errors.push({ line: null, path: '$', code: 'empty_file', message: 'the file is empty.', fix: 'Add at least 10 examples.' });
  return {
    method: apiMethod(o.method),
    model: o.model ?? 'gpt-4o-mini-2024-07-18',
    valid: errors.length === 0,
    errors,
    warnings: [],
    counts: {
      bytes: Buffer.byteLength(text),
      lines: lines.length,
      examples,
      invalidLines,
      blankLines: lines.filter((l) => l.trim() === '').length,
      crlfLines: lines.filter((l) => l.endsWith('\r')).length,
      errors: Object.fromEntries([...new Set(errors.map((e) => e.code))].map((c) => [c, errors.filter((e) => e.code === c).length])),
      warnings: {},
      unlisted: { errors: 0, warnings: 0 },
    },
    tokens: null,
    billing: null,
  };
}

export async function uploadFile(ft: FineTuning, path: string, purpose: string): Promise<OpenAiFile> {
  await checkReadable(path);
  const bytes = await readFile(path);
  return ft.files.create({ file: new File([bytes], basename(path), { type: 'application/jsonl' }), purpose: purpose as 'fine-tune' });
}
