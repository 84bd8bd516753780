// `openai-ft files upload|list|delete`.
import type { Command } from 'commander';
import type { OpenAiFile } from '../../../generated/types.gen.ts';
import type { Context } from '../context.ts';
import { ExitCode } from '../errors.ts';
import { details, table } from '../format/table.ts';
import { stamp } from '../format/time.ts';
import { renderReport } from '../format/report.ts';
import { method, positiveInt } from '../parse.ts';
import { collect, eachItem } from '../sdk/lists.ts';
import { transferLine } from '../format/transfer.ts';
import {
  InvalidTrainingDataError,
  UploadExpiredError,
  UploadInterruptedError,
  uploadFile,
  type CliMethod,
  type UploadResumeState,
} from '../sdk/training-data.ts';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Act } from './act.ts';

export const fileDetails = (f: OpenAiFile) =>
  details([
    ['id', f.id],
    ['filename', f.filename],
    ['purpose', f.purpose],
    ['bytes', String(f.bytes)],
    ['created', stamp(f.created_at)],
    ['status', f.status],
  ]);

/** Where `files upload --resume` finds an interrupted upload of FILE: next to it. */
export const stateFileOf = (path: string) => `${path}.upload.json`;

function readState(ctx: Context, path: string): UploadResumeState | undefined {
  const file = stateFileOf(path);
  if (!existsSync(file)) {
    ctx.note(`No interrupted upload of ${path} to resume (no ${file}); starting a new one.`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as UploadResumeState;
  } catch (error) {
    ctx.note(`${file} cannot be read (${(error as Error).message}); starting a new upload.`);
    return undefined;
  }
}

/**
 * Validates (unless told not to) in the same read as the upload; invalid data is not completed
 * into a File and exits 1. A large file goes as an Upload in parts, with a progress line on
 * stderr; after each part its state is saved next to the file (FILE.upload.json), so `--resume`
 * continues an interrupted upload. The state file is removed once the File exists.
 */
export async function validateAndUpload(
  ctx: Context,
  path: string,
  o: {
    validate: boolean;
    method: CliMethod;
    /** The model the data is for: its format (chat or prompt/completion), tokenizer and limits. */
    model?: string;
    purpose?: string;
    resume?: boolean;
    partSize?: number;
    concurrency?: number;
    threshold?: number;
  },
): Promise<OpenAiFile> {
  const ft = ctx.client();
  const started = performance.now();
  const live = ctx.io.tty && !ctx.g.quiet;
  let drawn = false;
  const state = stateFileOf(path);
  const resume = o.resume ? readState(ctx, path) : undefined;
  try {
    const { file } = await uploadFile(ft, path, {
      purpose: (o.purpose ?? 'fine-tune') as 'fine-tune',
      ...(o.validate
        ? { validate: { method: o.method, ...(o.model ? { model: o.model } : {}) } }
        : {}),
      resumable: true,
      ...(resume ? { resume } : {}),
      ...(o.partSize !== undefined ? { partSize: o.partSize } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
      onPart: (s) => writeFileSync(state, JSON.stringify(s)),
      onProgress: (p) => {
        if (!live) return;
        drawn = true;
        ctx.io.stderr.write(
          `\r\x1b[2K${transferLine(p.bytesSent, p.totalBytes, performance.now() - started)}`,
        );
      },
    });
    if (drawn) ctx.io.stderr.write('\n');
    rmSync(state, { force: true });
    return file;
  } catch (error) {
    if (drawn) ctx.io.stderr.write('\n');
    if (error instanceof InvalidTrainingDataError) {
      rmSync(state, { force: true });
      ctx.io.stderr.write(renderReport(path, error.report));
      ctx.io.stderr.write(
        `openai-ft: ${path} was not uploaded: fix the errors above, or pass --no-validate to upload it as it is.\n`,
      );
      throw new ExitCode(1);
    }
    if (error instanceof UploadExpiredError) rmSync(state, { force: true });
    if (error instanceof UploadInterruptedError) {
      ctx.io.stderr.write(
        `openai-ft: ${error.message}\nopenai-ft: run the same command with --resume to send only what is missing (the state is in ${state}).\n`,
      );
      throw new ExitCode(1);
    }
    throw error;
  }
}

export function filesCommand(program: Command, act: Act): void {
  const files = program.command('files').description('upload, list and delete training files');

  files
    .command('upload')
    .description(
      'validate a JSONL training file while uploading it, in parts when large (prints the file id)',
    )
    .argument('<file>', 'path of the .jsonl file')
    .option('--purpose <purpose>', 'file purpose', 'fine-tune')
    .option(
      '--method <method>',
      'method the data is validated for: supervised, dpo or reinforcement',
      method('--method'),
      'supervised',
    )
    .option(
      '--model <model>',
      'the model the data is for: its format (prompt/completion for davinci-002, babbage-002), tokenizer and limits',
    )
    .option(
      '--no-validate',
      'upload without validating (by default it is validated while it uploads)',
    )
    .option(
      '--resume',
      'continue an interrupted upload of this file (its state is kept in FILE.upload.json)',
    )
    .option(
      '--part-size <bytes>',
      'bytes per part of a large upload (at most 67108864, 64 MB)',
      positiveInt('--part-size'),
    )
    .option('--concurrency <n>', 'parts in flight at once', positiveInt('--concurrency'))
    .option(
      '--threshold <bytes>',
      'files larger than this go as an Upload in parts (default 67108864, 64 MB)',
      positiveInt('--threshold'),
    )
    .action(
      act(async (ctx, [path], o) => {
        const file = await validateAndUpload(ctx, path!, {
          validate: o.validate,
          method: o.method,
          model: o.model,
          purpose: o.purpose,
          resume: o.resume === true,
          partSize: o.partSize,
          concurrency: o.concurrency,
          threshold: o.threshold,
        });
        ctx.result(file, () => fileDetails(file), file.id);
      }),
    );

  files
    .command('list')
    .description('list uploaded files, newest first')
    .option('--purpose <purpose>', 'only files with this purpose')
    .option('--limit <n>', 'most files shown', positiveInt('--limit'), 20)
    .action(
      act(async (ctx, _args, o) => {
        const ft = ctx.client();
        const purpose = o.purpose as string | undefined;
        const items = await collect(
          eachItem((after) =>
            ft.files.list({
              limit: Math.min(100, o.limit),
              ...(purpose ? { purpose } : {}),
              ...(after ? { after } : {}),
            }),
          ),
          o.limit,
        );
        ctx.result(items, () =>
          items.length === 0
            ? 'No files.'
            : table(items, [
                { header: 'id', value: (f) => f.id },
                { header: 'filename', value: (f) => f.filename, max: 40 },
                { header: 'purpose', value: (f) => f.purpose },
                { header: 'bytes', value: (f) => String(f.bytes), right: true },
                { header: 'created', value: (f) => stamp(f.created_at) },
              ]),
        );
        if (ctx.g.quiet && !ctx.g.json) for (const f of items) ctx.out(f.id);
      }),
    );

  files
    .command('delete')
    .description('delete an uploaded file')
    .argument('<id>', 'file id (file-…)')
    .action(
      act(async (ctx, [id]) => {
        const result = await ctx.client().files.delete(id!);
        ctx.result(result, () => `Deleted ${result.id}.`);
      }),
    );
}
