#!/usr/bin/env node
// `openai-fine-tuning-server` / `npm run server`: the local server from the command line.
import { parseArgs } from 'node:util';
import { startLocalServer } from './server.ts';

const HELP = `Usage: openai-fine-tuning-server [options]

A local, stateful server of the OpenAI fine-tuning API (127.0.0.1 only by default).

  --port <n>            port to listen on (default 4010; 0 picks a free one)
  --host <addr>         address to listen on (default 127.0.0.1)
  --api-key <key>       API key to accept (default sk-local-test)
  --admin-key <key>     admin key to accept (default sk-admin-local-test)
  --data-dir <dir>      keep uploaded files in this directory (default: memory)
  --step-ms <n>         ms per training step (default 100)
  --validating-ms <n>   ms a job spends validating files (default 400)
  --queued-ms <n>       ms a job spends queued (default 400)
  --rate-limit <n>      answer 429 after n requests per minute
  --error-rate <p>      answer a random 5xx to this share of requests (0..1)
  --latency-ms <n>      delay every answer by n ms
  --webhook-url <url>   POST signed webhooks here when a job ends (repeatable)
  --webhook-secret <s>  the secret for the --webhook-url at the same position
  -h, --help            show this help`;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number, got '${value}'. Run with --help for usage.`);
    process.exit(2);
  }
  return n;
}

let values: Record<string, string | boolean | string[] | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'api-key': { type: 'string' }, 'admin-key': { type: 'string' },
      'data-dir': { type: 'string' }, 'step-ms': { type: 'string' }, 'validating-ms': { type: 'string' }, 'queued-ms': { type: 'string' },
      'rate-limit': { type: 'string' }, 'error-rate': { type: 'string' }, 'latency-ms': { type: 'string' },
      'webhook-url': { type: 'string', multiple: true }, 'webhook-secret': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\nRun with --help for usage.`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const str = (k: string) => values[k] as string | undefined;
const rateLimit = number('rate-limit', str('rate-limit'));
const webhookUrls = (values['webhook-url'] as string[] | undefined) ?? [];
const webhookSecrets = (values['webhook-secret'] as string[] | undefined) ?? [];
if (webhookUrls.length !== webhookSecrets.length) {
  console.error(`Give one --webhook-secret for each --webhook-url (got ${webhookUrls.length} URL(s) and ${webhookSecrets.length} secret(s)). Run with --help for usage.`);
  process.exit(2);
}
const server = await startLocalServer({
  port: number('port', str('port')) ?? 4010,
  host: str('host'),
  apiKey: str('api-key'),
  adminApiKey: str('admin-key'),
  dataDir: str('data-dir'),
  timing: Object.fromEntries(
    [['stepMs', 'step-ms'], ['validatingMs', 'validating-ms'], ['queuedMs', 'queued-ms']]
      .map(([key, flag]) => [key, number(flag!, str(flag!))])
      .filter(([, v]) => v !== undefined),
  ),
  webhooks: webhookUrls.map((url, i) => ({ url, secret: webhookSecrets[i]! })),
  faults: {
    rateLimit: rateLimit === undefined ? undefined : { requests: rateLimit },
    errorRate: number('error-rate', str('error-rate')),
    latencyMs: number('latency-ms', str('latency-ms')),
  },
});
// Listening before the banner: a Ctrl-C sent as soon as it shows must stop the server cleanly.
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(`Local fine-tuning API listening on ${server.baseUrl}
  OPENAI_BASE_URL=${server.baseUrl}
  OPENAI_API_KEY=${server.apiKey}
  OPENAI_ADMIN_KEY=${server.adminApiKey}
${webhookUrls.map((url) => `  webhooks go to ${url} when a job ends\n`).join('')}Press Ctrl+C to stop.`);
