// The simulated models an eval run samples. A simulation for tests, not a language model: answers
// are deterministic (a hash of model and prompt), so a test can rely on them.
//
// - A base model (`gpt-4o-mini`, …) answers every prompt generically.
// - A model this server fine-tuned (`ft:…`, or a checkpoint `ft:…:ckpt-step-N`) answers the prompts
//   of its job's training and validation files as the files' assistant turns do, with a
//   reliability that grows with the steps (epochs) trained up to it: later checkpoints score
//   higher. Any other prompt gets the generic answer.
import type { ServerState } from './state.ts';

/** What a simulated model says to a prompt it was not taught. */
export const genericAnswer = (prompt: string) =>
  `I am not sure. Could you tell me more about: ${prompt.slice(0, 60)}`;

/** One sample: the answer, or why the model could not answer. */
export type Sampler = (prompt: string) => string;

/** The last user turn of a chat line: what the model is asked. */
export const promptOf = (messages: ReadonlyArray<{ role?: string; content?: unknown }>) =>
  String([...messages].reverse().find((m) => m.role === 'user')?.content ?? '').trim();

/** A 32-bit FNV-1a hash, finalised, in [0, 1): the same model and prompt always draw the same number. */
function draw(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // MurmurHash3's finaliser: texts that differ in their last character (`Question 1?`, `Question
  // 2?`) differ in FNV's low bits only; this spreads them over the high bits the draw reads.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** Prompt → taught answer, from the chat lines of a JSONL file the server holds. */
function taught(state: ServerState, fileId: string | null | undefined, into: Map<string, string>) {
  if (!fileId) return;
  const content = state.files.content(fileId);
  if (!content) return;
  for (const line of new TextDecoder().decode(content).split('\n')) {
    if (!line.trim()) continue;
    try {
      const { messages } = JSON.parse(line) as {
        messages?: Array<{ role?: string; content?: unknown }>;
      };
      if (!Array.isArray(messages)) continue;
      const answer = [...messages].reverse().find((m) => m.role === 'assistant')?.content;
      const asked = promptOf(
        messages.slice(0, messages.findLastIndex((m) => m.role === 'user') + 1),
      );
      if (typeof answer === 'string' && asked) into.set(asked, answer);
    } catch {
      // Not a chat line: nothing taught.
    }
  }
}

/**
 * How a model answers on this server, or undefined when it does not know the model. `reliability`
 * is the share of taught prompts answered as trained: 0.25 + 0.7 × (share of the job's steps
 * trained)², so 0.95 for the final model and, with the API's checkpoints of the last three of ten
 * epochs, 0.70 and 0.82 for the checkpoints at 80 % and 90 % of the steps.
 */
export function samplerFor(state: ServerState, model: string): Sampler | undefined {
  if (!model.startsWith('ft:')) {
    return state.models.get(model) === undefined ? undefined : genericAnswer;
  }
  for (const job of state.jobs) {
    const final = job.job.fine_tuned_model;
    const checkpoint = job.checkpoints.find((c) => c.fine_tuned_model_checkpoint === model);
    if (final !== model && !checkpoint) continue;
    const steps = Math.max(1, ...job.checkpoints.map((c) => c.step_number));
    const share = final === model ? 1 : checkpoint!.step_number / steps;
    const reliability = 0.25 + 0.7 * share ** 2;
    const answers = new Map<string, string>();
    taught(state, job.job.training_file, answers);
    taught(state, job.job.validation_file, answers);
    return (prompt) => {
      const answer = answers.get(prompt);
      return answer !== undefined && draw(`${model}\n${prompt}`) < reliability
        ? answer
        : genericAnswer(prompt);
    };
  }
  return undefined;
}
