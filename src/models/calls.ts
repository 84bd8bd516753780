// The part of `ft.models` that is more than one request, loaded on first use. It imports nothing at
// run time: what it needs comes in from src/resources/models.ts, so the bundler does not split the
// facade's shared modules into a chunk of their own for it.
import type { FineTuningJobCheckpoint, Model } from '../../generated/types.gen.ts';

/** Owners of the models OpenAI provides (base models), as `owned_by` names them. */
const PROVIDERS: ReadonlySet<string> = new Set(['system', 'openai', 'openai-internal']);

/** The fine-tuned models (`ft:…`) of `ownedBy`, or of any owner but OpenAI; oldest first. */
export function fineTuned(models: readonly Model[], ownedBy: string | undefined): Model[] {
  return models
    .filter(
      (m) =>
        m.id.startsWith('ft:') &&
        (ownedBy === undefined ? !PROVIDERS.has(m.owned_by) : m.owned_by === ownedBy),
    )
    .sort((a, b) => a.created - b.created);
}

/** The checkpoint model names, oldest step first. */
export async function checkpointModels(
  checkpoints: AsyncIterable<FineTuningJobCheckpoint>,
): Promise<string[]> {
  const names: { step: number; name: string }[] = [];
  for await (const c of checkpoints)
    names.push({ step: c.step_number, name: c.fine_tuned_model_checkpoint });
  return names.sort((a, b) => a.step - b.step).map((c) => c.name);
}
