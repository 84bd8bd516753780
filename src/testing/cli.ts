#!/usr/bin/env node
// `openai-fine-tuning-server` / `npm run server`: the local server from the command line. Its flags,
// output and lifetime are those of `openai-ft server` (src/testing/server-flags.ts).
import { parseArgs } from 'node:util';
import { startLocalServer } from './server.ts';
import {
  exportSpansIfAsked,
  SERVER_FLAGS,
  ServerFlagError,
  listenError,
  serveUntilStopped,
  serverBanner,
  serverOptions,
  stopRequested,
} from './server-flags.ts';

const HELP = `Usage: openai-fine-tuning-server [options]

A local, stateful server of the OpenAI fine-tuning API (127.0.0.1 only by default).
The same server, flags and output as \`openai-ft server\`.

${SERVER_FLAGS.map((f) => `  ${`--${f.name} ${f.value}`.trimEnd().padEnd(22)}${f.help}`).join('\n')}
  ${'-h, --help'.padEnd(22)}show this help`;

let values: Record<string, string | boolean | undefined>;
let options;
try {
  ({ values } = parseArgs({
    options: {
      ...Object.fromEntries(
        SERVER_FLAGS.map((f) => [
          f.name,
          f.boolean
            ? { type: 'boolean' as const }
            : { type: 'string' as const, multiple: f.multiple ?? false },
        ]),
      ),
      help: { type: 'boolean', short: 'h' },
    },
  }));
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  options = serverOptions(values as Record<string, string | string[] | undefined>);
} catch (error) {
  console.error(`${(error as Error).message}\nRun with --help for usage.`);
  process.exit(2);
}
try {
  const stopTracing = await exportSpansIfAsked(options);
  const server = await startLocalServer(options).catch((error: unknown) => {
    throw listenError(error, options);
  });
  const stopped = stopRequested();
  process.stdout.write(serverBanner(server, options));
  await serveUntilStopped(server, stopped);
  await stopTracing();
  process.stderr.write('Local server stopped.\n');
  process.exit(0);
} catch (error) {
  // A port in use, a host that cannot be bound, a timing the server refuses, --tracing without
  // the OpenTelemetry packages.
  console.error(`openai-fine-tuning-server: ${(error as Error).message}`);
  process.exit(error instanceof ServerFlagError || error instanceof RangeError ? 2 : 1);
}
