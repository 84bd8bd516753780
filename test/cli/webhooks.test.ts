// `openai-ft webhooks listen|trigger` and the server commands' --webhook-url/--webhook-secret, run
// as the real executables: the whole loop offline (local server -> listen -> printed event).
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { cli, startCli, type CliRun } from './helpers/run-cli.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';
import { closedPort, SECRET, startReceiver, type Receiver } from '../webhooks/helpers.ts';

let listener: CliRun | undefined;
let server: LocalServer | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  if (listener && listener.child.exitCode === null) {
    listener.child.kill('SIGINT');
    await listener.result;
  }
  await server?.close();
  await receiver?.close();
  listener = server = receiver = undefined;
});

async function listen(
  args: string[] = [],
  env: Record<string, string> = { OPENAI_WEBHOOK_SECRET: SECRET },
): Promise<string> {
  const port = await closedPort();
  listener = startCli(['webhooks', 'listen', '--port', String(port), ...args], env);
  const url = `http://127.0.0.1:${port}/`;
  if (args.includes('--json')) {
    // The banner goes to stderr in --json mode; wait until the port answers.
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(url).then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } else await listener.waitFor(`Listening for webhooks on ${url}`);
  return url;
}

describe('openai-ft webhooks listen', () => {
  it('the loop offline: a job on the local server ends, listen prints the verified fine_tuning.job.succeeded', async () => {
    const url = await listen();
    server = await startLocalServer({
      timing: { validatingMs: 5, queuedMs: 5, stepMs: 1 },
      webhooks: [{ url, secret: SECRET }],
    });
    const ft = new FineTuning({ baseUrl: server.baseUrl, apiKey: server.apiKey });
    const file = await ft.files.create({
      file: TRAINING_JSONL,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
    });
    const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    await listener!.waitFor(
      new RegExp(
        `fine_tuning\\.job\\.succeeded  job ${job.id}  \\(event evt_\\w+, webhook-id wh_\\w+\\)`,
      ),
    );
    await server.webhooksIdle();
    expect(server.webhookDeliveries.map((d) => d.status)).toEqual([200]);

    // A delivery signed with another secret is answered 400, and listen says why.
    const other = await server.sendWebhook({ type: 'fine_tuning.job.succeeded' }, [
      { url, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` },
    ]);
    expect(other[0]).toMatchObject({ status: 400 });
    listener!.child.kill('SIGINT');
    const result = await listener!.result;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /rejected a delivery \(answered 400\): No signature in the webhook-signature header matches/,
    );
    expect(result.stdout + result.stderr).not.toContain(SECRET.slice(6));
  });

  it('--forward-to forwards verified deliveries unchanged and prints the answer; trigger sends one signed event', async () => {
    receiver = await startReceiver([202]);
    const url = await listen(['--forward-to', receiver.url, '--json', '--secret', SECRET], {});
    const sent = await cli([
      'webhooks',
      'trigger',
      'fine_tuning.job.cancelled',
      '--url',
      url,
      '--job',
      'ftjob-abc',
      '--secret',
      SECRET,
    ]);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(
      /^Sent fine_tuning\.job\.cancelled \(event evt_\w+, job ftjob-abc\) to http:\/\/127\.0\.0\.1:\d+\/: 202 Accepted/,
    );
    await listener!.waitFor(/"forwarded"/);
    const printed = JSON.parse(listener!.stdout().trim().split('\n').at(-1)!);
    expect(printed).toMatchObject({
      event: { type: 'fine_tuning.job.cancelled', data: { id: 'ftjob-abc' } },
      forwarded: { url: receiver.url, status: 202 },
    });
    // The app gets the sender's bytes and signature, and verifies them itself.
    const [delivery] = receiver.received;
    const event = await new FineTuning({ webhookSecret: SECRET }).webhooks.unwrap(
      delivery!.body,
      delivery!.headers,
    );
    expect(event).toEqual(printed.event);
  });
});

describe('openai-ft webhooks trigger', () => {
  it('exits 1 on a non-2xx answer, and refuses a missing secret or a bad type', async () => {
    receiver = await startReceiver([500]);
    const failed = await cli(
      ['webhooks', 'trigger', 'fine_tuning.job.failed', '--url', receiver.url],
      { OPENAI_WEBHOOK_SECRET: SECRET },
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/: 500 Internal Server Error\nfailing on purpose/);
    const noSecret = await cli([
      'webhooks',
      'trigger',
      'fine_tuning.job.failed',
      '--url',
      receiver.url,
    ]);
    const closed = await cli(
      [
        'webhooks',
        'trigger',
        'fine_tuning.job.failed',
        '--url',
        `http://127.0.0.1:${await closedPort()}/`,
      ],
      { OPENAI_WEBHOOK_SECRET: SECRET },
    );
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(
      /^openai-ft: webhooks trigger failed: could not reach http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\): is the handler running\?/,
    );
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(
      /no webhook secret: pass --secret or set OPENAI_WEBHOOK_SECRET/,
    );
    const badType = await cli([
      'webhooks',
      'trigger',
      'succeeded',
      '--url',
      receiver.url,
      '--secret',
      SECRET,
    ]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toMatch(
      /TYPE must be an event type such as fine_tuning\.job\.succeeded/,
    );
  });
});

describe('--webhook-url / --webhook-secret on the server commands', () => {
  it('openai-ft server: pairs, and a mismatch is a usage error', async () => {
    const mismatch = await cli(['server', '--port', '0', '--webhook-url', 'http://127.0.0.1:1/']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(
      /one --webhook-secret for each --webhook-url \(got 1 URL\(s\) and 0 secret\(s\)\)/,
    );
    receiver = await startReceiver();
    const run = startCli([
      'server',
      '--port',
      '0',
      '--webhook-url',
      receiver.url,
      '--webhook-secret',
      SECRET,
    ]);
    await run.waitFor(`Webhooks go to ${receiver.url} when a job ends.`, 15_000);
    run.child.kill('SIGINT');
    const r = await run.result;
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(SECRET.slice(6));
  });

  it('openai-fine-tuning-server: pairs, and a mismatch exits 2', async () => {
    const bin = inject('serverBin');
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ctrl-C stops it.')) child.kill('SIGINT');
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      });
    const mismatch = await run(['--port', '0', '--webhook-secret', SECRET]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.out).toMatch(/one --webhook-secret for each --webhook-url/);
    const ok = await run([
      '--port',
      '0',
      '--webhook-url',
      'http://127.0.0.1:9/a',
      '--webhook-secret',
      SECRET,
      '--webhook-url',
      'http://127.0.0.1:9/b',
      '--webhook-secret',
      SECRET,
    ]);
    expect(ok.out).toContain('Webhooks go to http://127.0.0.1:9/a when a job ends.');
    expect(ok.out).toContain('Webhooks go to http://127.0.0.1:9/b when a job ends.');
    expect(ok.out).not.toContain(SECRET.slice(6));
  });
});
