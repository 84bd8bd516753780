// `openai-ft report JOB… | --metadata k=v [--out report.html]`: one self-contained HTML page of
// the jobs (a sweep when there are several), with `--evals comparison.json` for an eval comparison.
// `--json` prints the page's data instead (and writes the page only with --out).
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.ts';
import { keyValue } from '../parse.ts';
import { checkEvals, collect, render, type ReportOptions } from '../sdk/report.ts';
import type { Act } from './act.ts';

function smoothing(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= 0 && n < 1))
    throw new InvalidArgumentError(
      `--smoothing must be a number from 0 up to 1 (not 1), got "${value}".`,
    );
  return n;
}

async function readJson(path: string, flag: string, command: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      command,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${path} is not JSON: ${(error as Error).message}.`, command);
  }
}

export function reportCommand(program: Command, act: Act): void {
  program
    .command('report')
    .description(
      'write one HTML page (no network needed to open it) with the curves, checkpoints, hyperparameters, tokens, duration and cost of jobs or a sweep',
    )
    .argument('[jobs...]', 'job ids (ftjob-…)')
    .option(
      '--metadata <k=v>',
      "repeatable: every job with this metadata (a sweep's tag)",
      keyValue('--metadata'),
    )
    .option('--out <file>', 'where to write the page (default: report.html; with --json: none)')
    .option('--evals <file>', 'a JSON file with an eval comparison (ft.evals.compare() output)')
    .option(
      '--sort <metric>',
      'sort the sweep by a result-file metric (valid_loss, full_valid_mean_token_accuracy, …); auto: full_valid_loss, else valid_loss, else train_loss',
      'auto',
    )
    .option(
      '--smoothing <weight>',
      'moving-average weight of the smoothed curves, 0 to <1',
      smoothing,
      0.6,
    )
    .option('--title <text>', "the page's title", 'Fine-tuning report')
    .option(
      '--prices <file>',
      'a JSON file of training prices: {"gpt-4o-mini": 3, …} dollars per 1M tokens',
    )
    .action(
      act(async (ctx, args, o) => {
        const jobs = args.filter((a): a is string => typeof a === 'string');
        if (jobs.length === 0 && !o.metadata)
          throw new UsageError(
            'name the jobs: `openai-ft report ftjob-… ftjob-…` or `openai-ft report --metadata sweep=lr`.',
            ctx.command,
          );
        const options: ReportOptions = {
          jobs,
          metadata: o.metadata,
          sortBy: o.sort,
          smoothing: o.smoothing,
          title: o.title,
        };
        if (o.evals) {
          const value = await readJson(o.evals, '--evals', ctx.command);
          try {
            options.evals = await checkEvals(value);
          } catch (error) {
            throw new UsageError(`--evals ${o.evals}: ${(error as Error).message}`, ctx.command);
          }
        }
        if (o.prices) options.prices = (await readJson(o.prices, '--prices', ctx.command)) as never;
        const data = await collect(ctx.client(), options).catch((error: unknown) => {
          // A tag that matches no job, a bad price table: the user's input, so a usage error.
          if (error instanceof Error && error.name === 'ReportInputError')
            throw new UsageError(error.message, ctx.command);
          throw error;
        });
        if (ctx.g.json) ctx.json(data);
        const out = o.out ?? (ctx.g.json ? undefined : 'report.html');
        if (!out) return;
        const path = resolve(out);
        try {
          await writeFile(path, await render(data));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? String(error);
          throw new UsageError(
            `--out ${out}: cannot write it (${code}); pick a writable path.`,
            ctx.command,
          );
        }
        if (ctx.g.quiet) {
          if (!ctx.g.json) ctx.out(path);
          return;
        }
        const best = data.best ? `; best by final ${data.sortBy.metric}: ${data.best}` : '';
        const line = `Wrote ${path}: ${data.jobs.length} job${data.jobs.length === 1 ? '' : 's'}${best}. Open it in a browser.`;
        if (ctx.g.json) ctx.note(line);
        else ctx.out(line);
      }),
    );
}
