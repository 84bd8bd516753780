// Token counting for training examples. The tokenizer (gpt-tokenizer, pure JS, one module per
// encoding) is imported lazily and only the one encoding the model needs is loaded, so importing
// this subpath costs nothing until a validation with token counts runs.

/** Counts the tokens of a text with one encoding. */
export interface TokenCounter {
  encoding: Encoding;
  count(text: string): number;
  /** `count` through a small cache, for texts that repeat on many lines (system prompts, tool lists). */
  countRepeated(text: string): number;
}

const CACHE_ENTRIES = 256;

function withCache(count: (text: string) => number): (text: string) => number {
  const cache = new Map<string, number>();
  return (text) => {
    let tokens = cache.get(text);
    if (tokens === undefined) {
      tokens = count(text);
      // Bounded: when full, start over rather than track recency; repeated texts come back quickly.
      if (cache.size >= CACHE_ENTRIES) cache.clear();
      cache.set(text, tokens);
    }
    return tokens;
  };
}

/** A tokenizer encoding of gpt-tokenizer. */
export type Encoding = 'o200k_base' | 'cl100k_base';

/** Models whose tokenizer is cl100k_base; every newer model (gpt-4o, gpt-4.1, o-series) uses o200k_base. */
const CL100K = /^(gpt-3\.5|gpt-4(-|$)|babbage-002|davinci-002)/;

/** The base model of a fine-tuned model id (`ft:gpt-4o-mini-2024-07-18:org::abc` → `gpt-4o-mini-2024-07-18`). */
export function baseModel(model: string): string {
  return model.startsWith('ft:') ? (model.slice(3).split(':')[0] ?? model) : model;
}

/** The tokenizer encoding of a model: `cl100k_base` for gpt-3.5, gpt-4 and babbage/davinci-002, else `o200k_base`. */
export function encodingFor(model: string): Encoding {
  return CL100K.test(baseModel(model)) ? 'cl100k_base' : 'o200k_base';
}

/** Completion models (davinci-002, babbage-002, and models tuned from them) train on prompt/completion lines. */
export function isCompletionModel(model: string): boolean {
  return /^(babbage-002|davinci-002)$/.test(baseModel(model));
}

/**
 * The most tokens one training example may have; longer examples are truncated by the API.
 * Figures from OpenAI's fine-tuning guide; an unknown model gets the common 65,536.
 */
export function tokenLimitFor(model: string): number {
  const base = baseModel(model);
  if (base === 'gpt-3.5-turbo-0613') return 4_096;
  if (/^(gpt-3\.5|babbage-002|davinci-002)/.test(base)) return 16_385;
  return 65_536;
}

const loaded = new Map<Encoding, Promise<TokenCounter>>();

/** Loads the encoding once per process. */
export function loadCounter(encoding: Encoding): Promise<TokenCounter> {
  let counter = loaded.get(encoding);
  if (!counter) {
    const module =
      encoding === 'cl100k_base'
        ? import('gpt-tokenizer/encoding/cl100k_base')
        : import('gpt-tokenizer/encoding/o200k_base');
    counter = module.then((m) => {
      // Special-token text in training data is plain text to the API, so it is counted as text.
      const options = { disallowedSpecial: new Set<string>() };
      const count = (text: string) => m.countTokens(text, options);
      return { encoding, count, countRepeated: withCache(count) };
    });
    loaded.set(encoding, counter);
  }
  return counter;
}
