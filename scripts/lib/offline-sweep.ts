// A learning-rate sweep of three jobs on the local server (no key, no network), for the report's
// tests and its screenshot: one training and one validation file, n_epochs 3, learning-rate
// multipliers 0.3, 1 and 4, tagged `sweep=<name>`, run to the end on the server's manual clock.
import type { FineTuning } from '../../src/index.ts';
import type { LocalServer } from '../../src/testing/index.ts';

export const SWEEP_RATES = [0.3, 1, 4] as const;

function lines(count: number, offset: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'system', content: 'You answer questions about the weather in one sentence.' },
        { role: 'user', content: `What is the weather like in city ${i + offset}?` },
        { role: 'assistant', content: `It is mild and dry in city ${i + offset} this week.` },
      ],
    }),
  ).join('\n');
}

export async function offlineSweep(
  server: LocalServer,
  ft: FineTuning,
  sweep = 'lr',
): Promise<string[]> {
  const training = await ft.files.create({
    file: lines(40, 0),
    filename: 'weather-train.jsonl',
    purpose: 'fine-tune',
  });
  const validation = await ft.files.create({
    file: lines(10, 100),
    filename: 'weather-valid.jsonl',
    purpose: 'fine-tune',
  });
  const ids: string[] = [];
  for (const learning_rate_multiplier of SWEEP_RATES) {
    const job = await ft.jobs.create({
      model: 'gpt-4o-mini',
      training_file: training.id,
      validation_file: validation.id,
      suffix: `weather-lr${learning_rate_multiplier}`,
      seed: 11,
      method: {
        type: 'supervised',
        supervised: { hyperparameters: { n_epochs: 3, batch_size: 2, learning_rate_multiplier } },
      },
      metadata: { sweep },
    });
    ids.push(job.id);
  }
  server.settle();
  return ids;
}
