// `openai-ft server`: the local fine-tuning API server, for trying the CLI and for tests. Runs
// until Ctrl-C; prints the variables that point the CLI and the SDK at it.
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.ts';
import { positiveInt } from '../parse.ts';
import { startServer } from '../sdk/server.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--webhook-url` and `--webhook-secret` given in pairs: the n-th secret signs for the n-th URL. */
export function webhookPairs(urls: string[], secrets: string[], command: string): { url: string; secret: string }[] {
  if (urls.length !== secrets.length) {
    throw new UsageError(`give one --webhook-secret for each --webhook-url (got ${urls.length} URL(s) and ${secrets.length} secret(s)).`, command);
  }
  return urls.map((url, i) => ({ url, secret: secrets[i]! }));
}
import type { Act } from './act.ts';

export function serverCommand(program: Command, act: Act): void {
  program
    .command('server')
    .description('start the local fine-tuning API server (simulated jobs; until Ctrl-C)')
    .option('--port <n>', 'port (default: any free port)', positiveInt('--port'))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--webhook-url <url>', 'POST signed webhooks here when a job ends (repeatable; pair each with --webhook-secret)', collect, [])
    .option('--webhook-secret <secret>', 'the secret to sign the webhooks of the --webhook-url at the same position with', collect, [])
    .action(
      act(async (ctx, _args, o) => {
        const webhooks = webhookPairs(o.webhookUrl, o.webhookSecret, ctx.command);
        const server = await startServer({ port: o.port ?? 0, host: o.host, webhooks });
        // Listening before the banner: a Ctrl-C sent as soon as it shows must stop the server cleanly.
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        if (ctx.g.json) ctx.json({ baseUrl: server.baseUrl, apiKey: server.apiKey, adminApiKey: server.adminApiKey });
        else
          ctx.out(
            `Local fine-tuning API at ${server.baseUrl}. In another shell:\n` +
              `  export OPENAI_BASE_URL=${server.baseUrl} OPENAI_API_KEY=${server.apiKey} OPENAI_ADMIN_KEY=${server.adminApiKey}\n` +
              webhooks.map((w) => `Webhooks go to ${w.url} when a job ends.\n`).join('') +
              'Ctrl-C stops it.',
          );
        await stopped;
        await server.close();
        ctx.note('Local server stopped.');
        throw new ExitCode(0);
      }),
    );
}
