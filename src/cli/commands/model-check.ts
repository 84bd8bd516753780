// `jobs create --model X` with a file to upload: the model is looked up first (GET /models/X), so
// a typo costs one request, not an upload. A 404 names the closest models the key can use.
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

/** Up to three ids within a few edits of `wanted`, closest first. */
export function closest(wanted: string, ids: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  return ids
    .map((id) => ({ id, d: distance(wanted.toLowerCase(), id.toLowerCase()) }))
    .filter((c) => c.d <= limit)
    .sort((x, y) => x.d - y.d || x.id.localeCompare(y.id))
    .slice(0, 3)
    .map((c) => c.id);
}

/** Throws a usage error (exit 2) when the API does not know `model`; other failures propagate. */
export async function checkModel(ctx: Context, model: string): Promise<void> {
  const ft = ctx.client();
  try {
    await ft.models.retrieve(model);
  } catch (error) {
    if ((error as { status?: unknown }).status !== 404) throw error;
    let near: string[] = [];
    try {
      near = closest(
        model,
        (await ft.models.list()).data.map((m) => m.id),
      );
    } catch {
      // The suggestion is a bonus; the error below stands without it.
    }
    throw new UsageError(
      `--model ${model} does not exist or the key cannot use it (GET /models answered 404), so nothing was uploaded.` +
        (near.length ? ` Did you mean ${near.join(' or ')}?` : '') +
        ' `openai-ft models list` shows the models the key can use.',
      'jobs create',
    );
  }
}
