// `openai-ft eval DATA.jsonl --model BASE=… --model FT=… [--require "FT>BASE+0.05"]`: compares
// models on held-out data with ft.evals.compare, prints a line per run as it moves and then a
// table of models × criteria, and exits 1 when a --require gate does not hold (a CI step).
import { openAsBlob } from 'node:fs';
import type { Command } from 'commander';
import type { CompareOptions, EvalComparison } from '../../evals/compare.ts';
import { ExitCode, UsageError } from '../errors.ts';
import { table } from '../format/table.ts';
import type { Act } from './act.ts';

/** A `--require` gate: `LEFT > RIGHT + MARGIN`, on the score or on one criterion's pass rate. */
export interface Gate {
  text: string;
  left: string;
  right: string;
  margin: number;
  criterion: string | undefined;
}

const GATE = /^\s*([^\s>]+)\s*>\s*([^\s+-]+)\s*(?:([+-])\s*(\d+(?:\.\d+)?))?\s*$/;

/**
 * Reads `FT>BASE+0.05` (FT's score beats BASE's by more than 0.05), `FT>BASE` (by any amount) or
 * `FT>BASE-0.02` (loses by less than 0.02); `--require-criterion exact` judges one criterion's pass
 * rate instead of the score (the mean pass rate over the criteria).
 */
export function parseGate(text: string, criterion: string | undefined, command: string): Gate {
  const m = GATE.exec(text);
  if (!m) {
    throw new UsageError(
      `--require "${text}" is not a gate: write LEFT>RIGHT+MARGIN with model names or --model aliases, e.g. "FT>BASE+0.05".`,
      command,
    );
  }
  const margin = m[4] === undefined ? 0 : Number(m[4]) * (m[3] === '-' ? -1 : 1);
  return { text: text.trim(), left: m[1]!, right: m[2]!, margin, criterion };
}

/** `NAME=model` or a bare model (its own name). */
function parseModel(text: string): { alias: string; model: string } {
  const eq = text.indexOf('=');
  return eq > 0 && !text.startsWith('ft:')
    ? { alias: text.slice(0, eq), model: text.slice(eq + 1) }
    : { alias: text, model: text };
}

/** Whether a gate holds; the figures it compared. */
export function judge(
  gate: Gate,
  result: EvalComparison,
  aliases: ReadonlyMap<string, string>,
  command: string,
): { ok: boolean; left: number; right: number } {
  const figure = (name: string) => {
    const model = aliases.get(name) ?? name;
    const found = result.models.find((m) => m.model === model);
    if (!found) {
      throw new UsageError(
        `--require "${gate.text}": '${name}' is not one of the models compared (${[...aliases.keys()].join(', ')}).`,
        command,
      );
    }
    if (gate.criterion === undefined) return found.score;
    const c = found.criteria.find((x) => x.name === gate.criterion);
    if (!c) throw new UsageError(`--require-criterion: no criterion '${gate.criterion}'.`, command);
    return c.passRate;
  };
  const left = figure(gate.left);
  const right = figure(gate.right);
  return { ok: left > right + gate.margin, left, right };
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function comparisonTable(result: EvalComparison, aliasOf: (model: string) => string): string {
  const names = result.models[0]?.criteria.map((c) => c.name) ?? [];
  return table(result.models, [
    { header: 'model', value: (m) => aliasOf(m.model) },
    ...names.map((name) => ({
      header: name,
      value: (m: EvalComparison['models'][number]) => {
        const c = m.criteria.find((x) => x.name === name)!;
        const mean = c.meanScore === null ? '-' : c.meanScore.toFixed(3);
        return `${pct(c.passRate)} (${c.passed}/${c.passed + c.failed + c.errored}, mean ${mean}${c.errored ? `, ${c.errored} errored` : ''})`;
      },
    })),
    { header: 'score', value: (m) => pct(m.score) },
    { header: 'tokens', value: (m) => String(m.usage?.totalTokens ?? '-') },
  ]);
}

export function evalCommand(program: Command, act: Act): void {
  program
    .command('eval')
    .description(
      'compare models on held-out data (an eval, a run per model) and gate on the scores',
    )
    .argument('<data>', 'JSONL of items, one per line (each an object, or {"item": {...}})')
    .option(
      '--model <model>',
      'a model to compare, the baseline first; NAME=model gives it a name for --require (repeatable)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option('--job <id>', "compare a succeeded job's base model, checkpoints and final model")
    .option('--prompt <template>', 'the user message, with {{item.*}} fields', '{{item.question}}')
    .option(
      '--reference <template>',
      'what an exact answer must equal (a string_check grader named "exact")',
      '{{item.answer}}',
    )
    .option(
      '--grader <json>',
      'a grader as JSON instead of the exact check (repeatable)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option(
      '--require <gate>',
      'exit 1 unless LEFT beats RIGHT by the margin, e.g. "FT>BASE+0.05" (repeatable)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option('--require-criterion <name>', 'gate on this criterion’s pass rate, not on the score')
    .option('--poll-interval <ms>', 'milliseconds between polls of the runs', '2000')
    .addHelpText(
      'after',
      [
        '',
        'Gates: each --require "LEFT>RIGHT+MARGIN" compares scores (the mean pass rate over the',
        'criteria, 0 to 1) of two models named by --model alias or model id; with --job the names',
        'BASE and FINAL are set. The command exits 1 when any gate fails, 2 on bad usage.',
        '',
        'Example: openai-ft eval heldout.jsonl --model BASE=gpt-4o-mini-2024-07-18 \\',
        '           --model FT=ft:gpt-4o-mini-2024-07-18:org::abc --require "FT>BASE+0.05"',
      ].join('\n'),
    )
    .action(
      act(async (ctx, [data], o) => {
        const models = ((o.model as string[] | undefined) ?? []).map(parseModel);
        if (!o.job && models.length === 0)
          throw new UsageError(
            'name the models to compare (--model, baseline first) or a --job.',
            ctx.command,
          );
        if (o.job && models.length > 0)
          throw new UsageError('pass --model or --job, not both.', ctx.command);
        const gates = ((o.require as string[] | undefined) ?? []).map((g) =>
          parseGate(g, o.requireCriterion as string | undefined, ctx.command),
        );
        const interval = Number(o.pollInterval);
        if (!(interval > 0))
          throw new UsageError('--poll-interval must be a number of ms > 0.', ctx.command);
        let criteria: CompareOptions['criteria'];
        try {
          criteria = (o.grader as string[] | undefined)?.map((g) => JSON.parse(g)) ?? [
            {
              type: 'string_check',
              name: 'exact',
              input: '{{sample.output_text}}',
              reference: o.reference as string,
              operation: 'eq',
            },
          ];
        } catch {
          throw new UsageError(
            '--grader takes a grader as JSON, e.g. \'{"type":"string_check",…}\'.',
            ctx.command,
          );
        }
        let blob: Blob;
        try {
          blob = await openAsBlob(data!);
        } catch {
          throw new UsageError(`cannot read ${data}: give the path of a JSONL file.`, ctx.command);
        }
        const ft = ctx.client();
        const last = new Map<string, string>();
        const options = {
          data: blob,
          prompt: o.prompt as string,
          criteria,
          pollInterval: interval,
          // A line per run whenever its status or count moves (stderr: stdout keeps the table).
          onProgress: (
            runs: ReadonlyArray<{
              model: string;
              status: string;
              result_counts: { total: number };
            }>,
          ) => {
            for (const run of runs) {
              const line = `${run.model}: ${run.status}, ${run.result_counts.total} graded`;
              if (last.get(run.model) !== line) ctx.note(line);
              last.set(run.model, line);
            }
          },
        };
        const result = o.job
          ? await ft.evals.compareJob(o.job as string, options)
          : await ft.evals.compare({ ...options, models: models.map((m) => m.model) });
        const aliases = new Map(models.map((m) => [m.alias, m.model]));
        if (o.job && result.models.length > 0) {
          aliases.set('BASE', result.models[0]!.model);
          aliases.set('FINAL', result.models.at(-1)!.model);
        }
        const aliasOf = (model: string) => {
          const alias = [...aliases].find(([name, m]) => m === model && name !== model)?.[0];
          return alias ? `${alias} (${model})` : model;
        };
        const verdicts = gates.map((gate) => ({
          gate,
          ...judge(gate, result, aliases, ctx.command),
        }));
        if (ctx.g.json)
          ctx.json({
            ...result,
            gates: verdicts.map((v) => ({
              require: v.gate.text,
              ok: v.ok,
              left: v.left,
              right: v.right,
            })),
          });
        else {
          ctx.out(comparisonTable(result, aliasOf));
          if (result.best) ctx.out(`best: ${aliasOf(result.best)}`);
          for (const v of verdicts) {
            ctx.out(
              `${v.ok ? 'PASS' : 'FAIL'} ${v.gate.text}: ${pct(v.left)} vs ${pct(v.right)}${v.gate.margin ? ` ${v.gate.margin > 0 ? '+' : '-'} ${pct(Math.abs(v.gate.margin))}` : ''}`,
            );
          }
        }
        if (verdicts.some((v) => !v.ok)) throw new ExitCode(1);
      }),
    );
}
