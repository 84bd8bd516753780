// Wraps a command's action: builds its Context from the global flags and hands it the positional
// arguments and the command's own options.
import type { Command } from 'commander';
import type { Context } from '../context.ts';

// biome-ignore lint/suspicious/noExplicitAny: commander hands back its parsed options untyped.
export type Options = Record<string, any>;
export type Handler = (
  ctx: Context,
  args: Array<string | undefined>,
  options: Options,
) => Promise<void>;
export type Act = (handler: Handler) => (...params: unknown[]) => Promise<void>;

export function actFor(makeContext: (cmd: Command) => Context): Act {
  return (handler) =>
    async (...params) => {
      const cmd = params[params.length - 1] as Command;
      const args = (cmd.processedArgs as unknown[]).flatMap((a) =>
        Array.isArray(a) ? a : [a],
      ) as Array<string | undefined>;
      await handler(makeContext(cmd), args, cmd.opts());
    };
}
