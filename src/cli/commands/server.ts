// `openai-ft server`: the local fine-tuning API server, for trying the CLI and for tests. Runs
// until Ctrl-C. Flags, output and lifetime are `openai-fine-tuning-server`'s (one table in
// src/testing/server-flags.ts).
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.ts';
import {
  camel,
  exportSpansIfAsked,
  listenError,
  SERVER_FLAGS,
  ServerFlagError,
  serveUntilStopped,
  serverBanner,
  serverOptions,
  startServer,
  stopRequested,
} from '../sdk/server.ts';
import type { Act } from './act.ts';

const GLOBAL = new Set(['api-key', 'admin-key', 'azure']);

export function serverCommand(program: Command, act: Act): void {
  const cmd = program
    .command('server')
    .description('start the local fine-tuning API server (simulated jobs; until Ctrl-C)');
  // --api-key and --admin-key are openai-ft's global flags already: there they name the keys the
  // server accepts (not the environment's, which point at some other API).
  for (const f of SERVER_FLAGS) {
    if (GLOBAL.has(f.name)) continue;
    if (f.multiple)
      cmd.option(
        `--${f.name} ${f.value}`,
        f.help,
        (v: string, previous: string[]) => [...previous, v],
        [] as string[],
      );
    else cmd.option(`--${f.name} ${f.value}`.trimEnd(), f.help);
  }
  cmd.action(
    act(async (ctx, _args, o) => {
      const given: Record<string, string | string[] | undefined> = Object.fromEntries(
        SERVER_FLAGS.map((f) => [f.name, o[camel(f.name)] as string | string[] | undefined]),
      );
      given['api-key'] = ctx.g.apiKey;
      given['admin-key'] = ctx.g.adminKey;
      // openai-ft's global --azure: here it starts the server in Azure mode.
      if (ctx.g.azure) given.azure = 'true';
      let options;
      try {
        options = serverOptions(given);
      } catch (error) {
        if (error instanceof ServerFlagError) throw new UsageError(error.message, 'server');
        throw error;
      }
      const stopTracing = await exportSpansIfAsked(options);
      const server = await startServer(options).catch((error: unknown) => {
        throw listenError(error, options);
      });
      const stopped = stopRequested();
      if (ctx.g.json)
        ctx.json({
          baseUrl: server.baseUrl,
          apiKey: server.apiKey,
          adminApiKey: server.adminApiKey,
          ...(server.azure ? { azure: server.azure } : {}),
        });
      else ctx.io.stdout.write(serverBanner(server, options));
      await serveUntilStopped(server, stopped);
      await stopTracing();
      ctx.note('Local server stopped.');
      throw new ExitCode(0);
    }),
  );
}
