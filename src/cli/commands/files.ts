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
import { uploadFile, validateFile, type CliMethod } from '../sdk/training-data.ts';
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

/** Validates (unless told not to) and uploads; the invalid file is not uploaded and exits 1. */
export async function validateAndUpload(ctx: Context, path: string, o: { validate: boolean; method: CliMethod; purpose?: string }): Promise<OpenAiFile> {
  const ft = ctx.client();
  if (o.validate) {
    const report = await validateFile(path, { method: o.method });
    if (!report.valid) {
      ctx.io.stderr.write(renderReport(path, report));
      ctx.io.stderr.write(`openai-ft: ${path} was not uploaded: fix the errors above, or pass --no-validate to upload it as it is.\n`);
      throw new ExitCode(1);
    }
  }
  return uploadFile(ft, path, o.purpose ?? 'fine-tune');
}

export function filesCommand(program: Command, act: Act): void {
  const files = program.command('files').description('upload, list and delete training files');

  files
    .command('upload')
    .description('validate a JSONL training file, then upload it (prints the file id)')
    .argument('<file>', 'path of the .jsonl file')
    .option('--purpose <purpose>', 'file purpose', 'fine-tune')
    .option('--method <method>', 'method the data is validated for: supervised, dpo or reinforcement', method('--method'), 'supervised')
    .option('--no-validate', 'upload without validating first')
    .action(
      act(async (ctx, [path], o) => {
        const file = await validateAndUpload(ctx, path!, { validate: o.validate, method: o.method, purpose: o.purpose });
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
          eachItem((after) => ft.files.list({ limit: Math.min(100, o.limit), ...(purpose ? { purpose } : {}), ...(after ? { after } : {}) })),
          o.limit,
        );
        ctx.result(
          items,
          () =>
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
