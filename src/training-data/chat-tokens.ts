// Tokens of a chat example: messages by OpenAI's published framing, tool definitions by the
// cookbook's function-calling rules (./tool-tokens.ts), image parts by the vision rules per model
// (./image-tokens.ts). One ChatTokens per checker: it holds the model's rules and the reasons the
// current example's count is an estimate.
import { Estimate } from './estimates.ts';
import { imageRuleFor, imageTokens, type ImageRule } from './image-tokens.ts';
import type { TokenCounter } from './tokens.ts';
import { toolRulesFor, toolsTokens, type ToolRules } from './tool-tokens.ts';

// The cookbook's `num_tokens_from_messages` (examples/How_to_count_tokens_with_tiktoken.ipynb,
// section 6): 3 tokens of framing per message, 1 for a name, and 3 that prime the reply.
const PER_MESSAGE = 3;
const PER_NAME = 1;
const REPLY_PRIMING = 3;

type Json = Record<string, unknown>;

export class ChatTokens {
  readonly images: ImageRule;
  readonly tools: ToolRules;
  /** The reasons the example being counted is an estimate; the checker clears it per line. */
  readonly estimate = new Estimate();

  constructor(
    readonly counter: TokenCounter,
    model: string,
  ) {
    this.images = imageRuleFor(model);
    this.tools = toolRulesFor(model);
  }

  #content(content: unknown, repeats: boolean): number {
    const { counter } = this;
    if (typeof content === 'string')
      return content ? (repeats ? counter.countRepeated(content) : counter.count(content)) : 0;
    if (!Array.isArray(content)) return 0;
    // The text parts are counted as one text, as before images were counted.
    let tokens = 0;
    let joined = '';
    for (const part of content) {
      if (!part || typeof part !== 'object') continue;
      const { type, text, image_url } = part as Json;
      if (typeof text === 'string') joined += text;
      else if (type === 'image_url') {
        if (this.images.assumed) this.estimate.add(Estimate.imageRuleAssumed);
        tokens += imageTokens(image_url, this.images, this.estimate);
      }
    }
    if (joined) tokens += repeats ? counter.countRepeated(joined) : counter.count(joined);
    return tokens;
  }

  // The guide gives no rule for calls in messages: the call's name and arguments text are
  // counted, and the count is marked as an estimate.
  #call(call: unknown): number {
    if (!call || typeof call !== 'object') return 0;
    const { name, arguments: args } = call as Json;
    this.estimate.add(Estimate.toolCalls);
    let tokens = 0;
    if (typeof name === 'string') tokens += this.counter.count(name);
    if (typeof args === 'string') tokens += this.counter.count(args);
    return tokens;
  }

  /** Tokens of one message: framing, role, content (text and images), name and calls. */
  message(message: unknown): number {
    if (!message || typeof message !== 'object') return 0;
    const m = message as Json;
    const { counter } = this;
    let tokens = PER_MESSAGE;
    if (typeof m.role === 'string') tokens += counter.countRepeated(m.role);
    tokens += this.#content(m.content, m.role === 'system' || m.role === 'developer');
    if (typeof m.name === 'string') tokens += PER_NAME + counter.count(m.name);
    if (Array.isArray(m.tool_calls))
      for (const call of m.tool_calls) tokens += this.#call((call as Json | null)?.function);
    if (m.function_call !== undefined) tokens += this.#call(m.function_call);
    return tokens;
  }

  /** Tokens of a conversation plus its tool definitions (`tools`, or the legacy `functions`). */
  conversation(messages: unknown, tools: unknown): number {
    let tokens = REPLY_PRIMING;
    if (Array.isArray(messages)) for (const message of messages) tokens += this.message(message);
    return tokens + toolsTokens(tools, this.tools, this.counter, this.estimate);
  }
}
