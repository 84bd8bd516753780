// `openai-ft models list|delete`: the models the key can use, and removing fine-tuned ones.
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { Model } from '../../../generated/types.gen.ts';
import { UsageError } from '../errors.ts';
import { table } from '../format/table.ts';
import { stamp } from '../format/time.ts';
import type { Act } from './act.ts';

const modelTable = (items: Model[]) =>
  items.length === 0
    ? 'No models.'
    : table(items, [
        { header: 'id', value: (m) => m.id },
        { header: 'owned by', value: (m) => m.owned_by },
        { header: 'created', value: (m) => stamp(m.created) },
      ]);

/** Asks on the terminal; true only for an explicit yes. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function modelsCommand(program: Command, act: Act): void {
  const models = program.command('models').description('list models and delete fine-tuned ones');

  models
    .command('list')
    .description('list the models the key can use')
    .option('--fine-tuned', "only the organization's fine-tuned models (ft:…), oldest first")
    .action(
      act(async (ctx, _args, o) => {
        const ft = ctx.client();
        const items = o.fineTuned ? await ft.models.listFineTuned() : (await ft.models.list()).data;
        ctx.list(
          items,
          (m) => m.id,
          () => modelTable(items),
        );
      }),
    );

  models
    .command('delete')
    .description('delete a fine-tuned model (asks first on a terminal)')
    .argument('<id>', 'model id (ft:…)')
    .option('--yes', 'delete without asking')
    .action(
      act(async (ctx, [id], o) => {
        if (!o.yes) {
          if (!process.stdin.isTTY || !ctx.io.tty) {
            throw new UsageError(
              `not deleting ${id} without confirmation: pass --yes to delete it from a script.`,
              ctx.command,
            );
          }
          if (!(await confirm(`Delete ${id}? It cannot be undone. [y/N] `))) {
            ctx.note(`Kept ${id}.`);
            return;
          }
        }
        const result = await ctx.client().models.delete(id!);
        ctx.result(result, () => `Deleted ${result.id}.`, result.id);
      }),
    );
}
