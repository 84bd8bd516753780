// `openai-ft validate FILE`: the training-data report; exit 1 when the data has errors.
import type { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { byteProgressLine } from '../format/bar.ts';
import { renderReport } from '../format/report.ts';
import { method, positiveInt } from '../parse.ts';
import { fileSize, validateFile, type TrainingDataProgress } from '../sdk/training-data.ts';
import type { Act } from './act.ts';

/** Files from this size get a progress bar (smaller ones are done before a bar would be read). */
const BAR_FROM_BYTES = 4 * 2 ** 20;

export function validateCommand(program: Command, act: Act): void {
  program
    .command('validate')
    .description('check a JSONL training file before uploading it (exit 1 when it has errors)')
    .argument('<file>', 'path of the .jsonl file')
    .option(
      '--method <method>',
      'fine-tuning method: supervised, dpo or reinforcement',
      method('--method'),
      'supervised',
    )
    .option('--model <model>', 'base model (tokenizer and token limit)')
    .option('--epochs <n>', 'epochs for the billing estimate', positiveInt('--epochs'))
    .action(
      act(async (ctx, [file], o) => {
        // A progress bar on stderr (stdout keeps the report) for files big enough to wait for,
        // when the output is a terminal; erased before the report is printed.
        const showBar =
          ctx.io.tty && !ctx.g.json && !ctx.g.quiet && (await fileSize(file!)) >= BAR_FROM_BYTES;
        const start = Date.now();
        let drawn = false;
        const onProgress = (p: TrainingDataProgress) => {
          ctx.io.stderr.write(`\r${byteProgressLine(p, Date.now() - start)}\x1b[K`);
          drawn = true;
        };
        let report;
        try {
          report = await validateFile(file!, {
            method: o.method,
            model: o.model,
            epochs: o.epochs,
            ...(showBar ? { onProgress } : {}),
          });
        } finally {
          if (drawn) ctx.io.stderr.write('\r\x1b[K');
        }
        if (ctx.g.json) ctx.json(report);
        else if (!ctx.g.quiet || !report.valid) ctx.out(renderReport(file!, report));
        if (!report.valid) throw new ExitCode(1);
      }),
    );
}
