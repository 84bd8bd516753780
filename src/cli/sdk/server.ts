// Local-server adapter: `openai-ft server` starts `startLocalServer` of `openai-fine-tuning/testing`.
// The import is dynamic so the server (and ajv, yaml) load only for this command: the bundler puts
// it in a chunk of its own next to dist/cli.mjs, and every other command starts without it. The
// flags and the banner (src/testing/server-flags.ts, through src/testing/shared.ts) are light and shared with
// `openai-fine-tuning-server`.
import type { LocalServer, LocalServerOptions } from '../../testing/index.ts';

export {
  exportSpansIfAsked,
  SERVER_FLAGS,
  ServerFlagError,
  camel,
  listenError,
  serverBanner,
  serverOptions,
  serveUntilStopped,
  stopRequested,
} from '../../testing/shared.ts';

export type RunningServer = Pick<
  LocalServer,
  'baseUrl' | 'apiKey' | 'adminApiKey' | 'azure' | 'close'
>;

export async function startServer(options: LocalServerOptions): Promise<RunningServer> {
  const { startLocalServer } = await import('../../testing/index.ts');
  return startLocalServer(options);
}
