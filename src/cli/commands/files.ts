// `openai-ft files upload|list|delete`.
import type { Command } from 'commander';
import type { OpenAiFile } from '../../../generated/types.gen.ts';
import type { Context } from '../context.ts';
import { ExitCode } from '../errors.ts';
import { details, table } from '../format/table.ts';
import { stamp } from '../format/time.ts';
import { renderReport } from '../format/report.ts';
import { method, positiveInt } from '../parse.ts';
import { transferLine } from '../format/transfer.ts';
import {
  InvalidTrainingDataError,
  UploadExpiredError,
  UploadInterruptedError,
  uploadFile,
  type CliMethod,
  type UploadResumeState,
  type ValidationCheckpoint,
} from '../sdk/training-data.ts';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import type { Act } from './act.ts';
import {
  checkpointFor,
  readState,
  refuseToStartOver,
  stateFileOf,
  type SavedState,
} from './upload-state.ts';

export const fileDetails = (f: OpenAiFile) =>
  details([
    ['id', f.id],
    ['filename', f.filename],
    ['purpose', f.purpose],
    ['bytes', String(f.bytes)],
    ['created', stamp(f.created_at)],
    ['status', f.status],
  ]);

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
    /** Discard an interrupted upload's state and start over (else its presence is refused). */
    restart?: boolean;
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
  if (!o.resume) refuseToStartOver(ctx, path, o.restart);
  const saved = o.resume ? readState(ctx, path) : undefined;
  const { validation: _saved, ...resume } = saved ?? {};
  const resumeFrom = checkpointFor(path, saved);
  // Where validating got to, saved with the Upload's state after each part.
  let validation: SavedState['validation'];
  const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
  const save = (upload: UploadResumeState) =>
    writeFileSync(state, JSON.stringify({ ...upload, ...(validation ? { validation } : {}) }));
  // Ctrl-C stops the upload (the parts sent are kept for --resume) and exits 130.
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort(new Error('interrupted (Ctrl-C)'));
  process.once('SIGINT', onInterrupt);
  try {
    const { file } = await uploadFile(ft, path, {
      purpose: (o.purpose ?? 'fine-tune') as 'fine-tune',
      ...(o.validate
        ? {
            validate: {
              method: o.method,
              ...(o.model ? { model: o.model } : {}),
              // Resuming, only what decides whether the data may become a File is checked again:
              // the lines after the saved checkpoint (those before it are not read again) and the
              // file-level rules, without counting tokens (token counts only feed warnings and the
              // billing estimate, which an upload does not print).
              ...(saved ? { countTokens: false } : {}),
              ...(resumeFrom ? { resumeFrom } : {}),
              onCheckpoint: (checkpoint: ValidationCheckpoint) => {
                if (mtimeMs !== undefined) validation = { checkpoint, mtimeMs };
              },
            },
          }
        : {}),
      signal: interrupt.signal,
      resumable: true,
      ...(saved ? { resume: resume as UploadResumeState } : {}),
      ...(o.partSize !== undefined ? { partSize: o.partSize } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
      onPart: save,
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
    const interrupted = interrupt.signal.aborted;
    if (error instanceof UploadInterruptedError) {
      // Saved here too, in case it stopped before the first part was added.
      if (error.resume) save(error.resume);
      const sent = error.resume?.parts.filter(Boolean).length ?? 0;
      ctx.io.stderr.write(
        interrupted
          ? `openai-ft: interrupted (Ctrl-C): ${path} was not uploaded yet; ${sent} part${sent === 1 ? '' : 's'} of Upload ${error.resume?.uploadId} sent and kept for an hour.\n`
          : `openai-ft: ${error.message}\n`,
      );
      ctx.io.stderr.write(
        `openai-ft: run the same command with --resume to send only what is missing (the state is in ${state}).\n`,
      );
      throw new ExitCode(interrupted ? 130 : 1);
    }
    if (interrupted) {
      ctx.io.stderr.write(
        `openai-ft: interrupted (Ctrl-C): ${path} was not uploaded; nothing of it is kept. Run the command again to upload it.\n`,
      );
      throw new ExitCode(130);
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
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
      '--restart',
      'discard the state of an interrupted upload of this file and upload it from the start',
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
          restart: o.restart === true,
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
        const items = await ft.files
          .list({ limit: Math.min(100, o.limit), ...(purpose ? { purpose } : {}) })
          .toArray({ max: o.limit });
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
