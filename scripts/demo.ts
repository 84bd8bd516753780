// `npm run demo`: the whole fine-tuning flow through the public SDK, against the local server
// (default) or the real API (`--live`, needs OPENAI_API_KEY; asks before spending money).
//   validate the example dataset → upload → create a job → follow it → list checkpoints → model name
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { FineTuning, type FineTuningJob } from '../src/index.ts';
import { startLocalServer, type LocalServer } from '../src/testing/index.ts';
import { validateTrainingData } from '../src/training-data/index.ts';
import { Progress } from './demo/progress.ts';

const DATASET = new URL('../examples/train.jsonl', import.meta.url);

const { values } = parseArgs({
  options: { live: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } },
});

async function confirmLive(): Promise<void> {
  if (!process.env.OPENAI_API_KEY?.trim()) {
    throw new Error(
      '--live needs OPENAI_API_KEY in the environment (an API key from platform.openai.com).',
    );
  }
  console.log(
    '⚠  --live runs a real fine-tuning job on gpt-4o-mini with your OPENAI_API_KEY. It costs money\n   (a few cents for this 12-example dataset) and takes minutes to hours, depending on the queue.',
  );
  if (values.yes) return;
  if (!process.stdin.isTTY)
    throw new Error(
      'Not confirmed: standard input is not a terminal. Pass --yes to run against the real API anyway.',
    );
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question('   Continue? [y/N] ');
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new Error('Cancelled: nothing was sent to the API.');
}

/**
 * Shows each new event of the job once, oldest first, and each status change, until it finishes;
 * `ft.jobs.follow` does the polling (adaptive intervals on the real API, `pollMs` locally).
 */
async function follow(
  ft: FineTuning,
  job: FineTuningJob,
  pollMs: number | undefined,
  deadlineMs: number,
): Promise<FineTuningJob> {
  const progress = new Progress();
  let last = job;
  for await (const update of ft.jobs.follow(job.id, {
    pollInterval: pollMs,
    timeout: deadlineMs,
  })) {
    if (update.type === 'event') progress.event(update.event);
    else progress.status(update.status);
    last = update.job;
  }
  return last;
}

async function main(): Promise<void> {
  const started = Date.now();
  let server: LocalServer | undefined;
  let ft: FineTuning;
  if (values.live) {
    await confirmLive();
    ft = new FineTuning();
    console.log('Using the real OpenAI API.');
  } else {
    server = await startLocalServer();
    ft = new FineTuning({
      baseUrl: server.baseUrl,
      apiKey: server.apiKey,
      adminApiKey: server.adminApiKey,
    });
    console.log(
      `Local fine-tuning API started at ${server.baseUrl} (no network or API key needed; --live uses the real API).`,
    );
  }
  try {
    const text = readFileSync(DATASET, 'utf8');
    console.log(`\n1. Validate examples/train.jsonl`);
    const report = await validateTrainingData(text, { method: 'supervised', model: 'gpt-4o-mini' });
    if (!report.valid) {
      const lines = report.errors.map(
        (e) => `line ${e.line ?? '-'} ${e.path}: ${e.message} (${e.fix})`,
      );
      throw new Error(`The dataset has errors:\n  ${lines.join('\n  ')}`);
    }
    const warnings = report.counts.warnings;
    const warned = Object.values(warnings).reduce((a, b) => a + (b ?? 0), 0);
    console.log(
      `   ${report.counts.examples} supervised chat examples, ${warned === 0 ? 'no warnings' : warned === 1 ? '1 warning:' : `${warned} warnings:`}`,
    );
    // Each warning by name, with its line and what to do about it.
    for (const w of report.warnings)
      console.log(
        `   warning ${w.code}${w.line === null ? '' : ` (line ${w.line})`}: ${w.message} ${w.fix}`,
      );
    if (report.counts.unlisted.warnings > 0)
      console.log(`   … and ${report.counts.unlisted.warnings} more.`);
    if (report.tokens && report.billing) {
      console.log(
        `   ${report.tokens.total} tokens (${report.tokens.encoding}); about ${report.billing.estimatedBilledTokens} billed tokens for ${report.billing.epochs} epochs.`,
      );
    }

    console.log('\n2. Upload it');
    const file = await ft.files.create({
      file: text,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
    });
    console.log(`   ${file.id} (${file.bytes} bytes, purpose ${file.purpose})`);

    console.log('\n3. Create a fine-tuning job');
    const created = await ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      suffix: 'demo',
      metadata: { source: 'npm run demo' },
    });
    console.log(`   ${created.id} on ${created.model}`);

    console.log('\n4. Follow it');
    const job = await follow(
      ft,
      created,
      values.live ? undefined : 200,
      values.live ? 4 * 3600_000 : 50_000,
    );
    if (job.status !== 'succeeded')
      throw new Error(`The job ended ${job.status}${job.error ? `: ${job.error.message}` : ''}.`);

    console.log('\n5. Checkpoints');
    const checkpoints = await ft.jobs.listCheckpoints(job.id);
    for (const c of checkpoints.data) {
      console.log(
        `   step ${String(c.step_number).padStart(4)}  loss ${c.metrics.train_loss?.toFixed(4)}  ${c.fine_tuned_model_checkpoint}`,
      );
    }
    const best = await ft.jobs.bestCheckpoint(job.id);
    if (best)
      console.log(`   best by loss: step ${best.step_number}, ${best.fine_tuned_model_checkpoint}`);
    const resultFile = job.result_files[0];
    if (resultFile) {
      // The result file is a CSV of per-step metrics, served base64-encoded.
      const csv = atob((await (await ft.files.content(resultFile)).text()).trim());
      const rows = csv.trim().split('\n');
      console.log(
        `   result file ${resultFile}: ${rows.length - 1} steps, last row: ${rows.at(-1)}`,
      );
    }
    console.log(`\nFine-tuned model: ${job.fine_tuned_model}`);
    console.log(
      `(${job.trained_tokens} trained tokens; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    await server?.close();
  }
}

main().catch((error: unknown) => {
  console.error(`\ndemo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
