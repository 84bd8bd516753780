// `openai-ft server`: the local fine-tuning API server, for trying the CLI and for tests. Runs
// until Ctrl-C; prints the variables that point the CLI and the SDK at it.
import type { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { positiveInt } from '../parse.ts';
import { startServer } from '../sdk/server.ts';
import type { Act } from './act.ts';

export function serverCommand(program: Command, act: Act): void {
  program
    .command('server')
    .description('start the local fine-tuning API server (simulated jobs; until Ctrl-C)')
    .option('--port <n>', 'port (default: any free port)', positiveInt('--port'))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(
      act(async (ctx, _args, o) => {
        const server = await startServer({ port: o.port ?? 0, host: o.host });
        if (ctx.g.json) ctx.json({ baseUrl: server.baseUrl, apiKey: server.apiKey, adminApiKey: server.adminApiKey });
        else
          ctx.out(
            `Local fine-tuning API at ${server.baseUrl}. In another shell:\n` +
              `  export OPENAI_BASE_URL=${server.baseUrl} OPENAI_API_KEY=${server.apiKey} OPENAI_ADMIN_KEY=${server.adminApiKey}\n` +
              'Ctrl-C stops it.',
          );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
        ctx.note('Local server stopped.');
        throw new ExitCode(0);
      }),
    );
}
