// The training price of each fine-tunable model, in US dollars per million trained tokens, for
// the report's cost estimate (trained_tokens x price). The project has no billing table of its
// own: the training-data validator estimates billed *tokens* (src/training-data/billing.ts), and
// this turns a job's trained_tokens into dollars.

/** Where the default prices come from; the page prints it beside every estimate. */
export const PRICE_SOURCE =
  "OpenAI's API pricing page (fine-tuning, training per 1M tokens) as listed in 2025; pass `prices` to buildReport (or --prices to the CLI) for your own";

/** Dollars per million training tokens, by base model name (a snapshot matches its family). */
export const TRAINING_PRICES: Readonly<Record<string, number>> = {
  'gpt-4.1-nano': 1.5,
  'gpt-4.1-mini': 5,
  'gpt-4.1': 25,
  'gpt-4o-mini': 3,
  'gpt-4o': 25,
  'gpt-3.5-turbo': 8,
  'davinci-002': 6,
  'babbage-002': 0.4,
};

/** The price for `model` (`gpt-4o-mini-2024-07-18` or `ft:gpt-4o-mini-…:org::id`), or undefined. */
export function priceFor(
  model: string,
  prices: Readonly<Record<string, number>> = TRAINING_PRICES,
): number | undefined {
  const base = model.startsWith('ft:') ? (model.split(':')[1] ?? '') : model;
  if (base in prices) return prices[base];
  // The longest family name the model starts with: gpt-4o-mini before gpt-4o.
  const family = Object.keys(prices)
    .filter((name) => base.startsWith(`${name}-`))
    .sort((a, b) => b.length - a.length)[0];
  return family === undefined ? undefined : prices[family];
}
