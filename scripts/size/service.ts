// The size budget's use case: a service that creates a job, retrieves it and reads its events.
// Bundled from the built package (dist/) by scripts/size.ts, as an application's bundler would.
import { FineTuning } from 'openai-fine-tuning';

export async function train(trainingFile: string): Promise<string[]> {
  const ft = new FineTuning();
  const job = await ft.jobs.create({
    model: 'gpt-4o-mini-2024-07-18',
    training_file: trainingFile,
  });
  const current = await ft.jobs.retrieve(job.id);
  const messages: string[] = [];
  for await (const event of ft.jobs.listEvents(current.id)) messages.push(event.message);
  return messages;
}
