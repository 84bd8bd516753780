// The same service written with the official `openai` package, bundled the same way, for comparison.
import OpenAI from 'openai';

export async function train(trainingFile: string): Promise<string[]> {
  const client = new OpenAI();
  const job = await client.fineTuning.jobs.create({
    model: 'gpt-4o-mini-2024-07-18',
    training_file: trainingFile,
  });
  const current = await client.fineTuning.jobs.retrieve(job.id);
  const messages: string[] = [];
  for await (const event of client.fineTuning.jobs.listEvents(current.id))
    messages.push(event.message);
  return messages;
}
