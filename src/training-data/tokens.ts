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

// OpenAI's published way to count chat tokens: 3 tokens of framing per message, 1 for a name,
// and 3 that prime the reply.
const PER_MESSAGE = 3;
const PER_NAME = 1;
const REPLY_PRIMING = 3;

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
      text += (part as { text: string }).text;
    }
  }
  return text;
}

/** Tokens of one message: its role, text content, name and tool calls. Images are not counted. */
export function messageTokens(message: unknown, counter: TokenCounter): number {
  if (!message || typeof message !== 'object') return 0;
  const m = message as Record<string, unknown>;
  let tokens = PER_MESSAGE;
  if (typeof m.role === 'string') tokens += counter.countRepeated(m.role);
  const text = contentText(m.content);
  const repeats = m.role === 'system' || m.role === 'developer';
  if (text) tokens += repeats ? counter.countRepeated(text) : counter.count(text);
  if (typeof m.name === 'string') tokens += PER_NAME + counter.count(m.name);
  if (Array.isArray(m.tool_calls)) {
    for (const call of m.tool_calls) {
      const fn = (call as { function?: { name?: unknown; arguments?: unknown } } | null)?.function;
      if (typeof fn?.name === 'string') tokens += counter.count(fn.name);
      if (typeof fn?.arguments === 'string') tokens += counter.count(fn.arguments);
    }
  }
  const fc = m.function_call as { name?: unknown; arguments?: unknown } | undefined;
  if (fc && typeof fc === 'object') {
    if (typeof fc.name === 'string') tokens += counter.count(fc.name);
    if (typeof fc.arguments === 'string') tokens += counter.count(fc.arguments);
  }
  return tokens;
}

/** Tokens of a conversation plus its tool definitions (counted as their JSON text). */
export function conversationTokens(
  messages: unknown,
  tools: unknown,
  counter: TokenCounter,
): number {
  let tokens = REPLY_PRIMING;
  if (Array.isArray(messages))
    for (const message of messages) tokens += messageTokens(message, counter);
  if (Array.isArray(tools) && tools.length > 0)
    tokens += counter.countRepeated(JSON.stringify(tools));
  return tokens;
}
