// `openai-ft validate FILE`: the training-data report; exit 1 when the data has errors.
import type { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { renderReport } from '../format/report.ts';
import { method, positiveInt } from '../parse.ts';
import { validateFile } from '../sdk/training-data.ts';
import type { Act } from './act.ts';

export function validateCommand(program: Command, act: Act): void {
  program
    .command('validate')
    .description('check a JSONL training file before uploading it (exit 1 when it has errors)')
    .argument('<file>', 'path of the .jsonl file')
    .option('--method <method>', 'fine-tuning method: supervised, dpo or reinforcement', method('--method'), 'supervised')
    .option('--model <model>', 'base model (tokenizer and token limit)')
    .option('--epochs <n>', 'epochs for the billing estimate', positiveInt('--epochs'))
    .action(
      act(async (ctx, [file], o) => {
        const report = await validateFile(file!, { method: o.method, model: o.model, epochs: o.epochs });
        if (ctx.g.json) ctx.json(report);
        else if (!ctx.g.quiet || !report.valid) ctx.out(renderReport(file!, report));
        if (!report.valid) throw new ExitCode(1);
      }),
    );
}
