// Tokens of the tool (function) definitions of an example, by the rules of OpenAI's cookbook
// "How to count tokens with tiktoken" (github.com/openai/openai-cookbook,
// examples/How_to_count_tokens_with_tiktoken.ipynb), section 7 "Counting tokens for chat
// completions with tool calls", `num_tokens_for_tools`:
//
// - each function: `func_init`, plus the tokens of `name + ":" + description` (the description
//   without a final ".");
// - a function whose parameters have properties: `prop_init` once, then per property `prop_key`
//   plus the tokens of `key + ":" + type + ":" + description` (again without a final "."), and
//   for a property with an `enum`, `enum_init` once plus `enum_item` and the item's tokens per item;
// - once after all the functions: `func_end`.
//
// The overheads the guide gives: gpt-4o and gpt-4o-mini func_init 7, gpt-3.5-turbo and gpt-4
// func_init 10; both prop_init 3, prop_key 3, enum_init -3, enum_item 3, func_end 12. Another
// model gets the overheads of its encoding's family (gpt-4o's for o200k_base) and its count is
// marked as an estimate. The guide does not go below the top-level properties: a nested schema (an
// object's properties, an array's items) is counted by the same per-property rule, one level down
// at a time, and marked as an estimate.
import { Estimate } from './estimates.ts';
import { baseModel, encodingFor, type TokenCounter } from './tokens.ts';

interface Overheads {
  funcInit: number;
  propInit: number;
  propKey: number;
  enumInit: number;
  enumItem: number;
  funcEnd: number;
}

const GPT_4O: Overheads = {
  funcInit: 7,
  propInit: 3,
  propKey: 3,
  enumInit: -3,
  enumItem: 3,
  funcEnd: 12,
};
const GPT_4: Overheads = { ...GPT_4O, funcInit: 10 };

export interface ToolRules {
  overheads: Overheads;
  /** True when the guide does not list the model and its family's overheads are assumed. */
  assumed: boolean;
}

/** The overheads of a model: the guide's for gpt-4o(-mini), gpt-3.5-turbo and gpt-4, else its family's. */
export function toolRulesFor(model: string): ToolRules {
  const base = baseModel(model);
  if (/^gpt-4o(-mini)?(-\d{4}-\d{2}-\d{2})?$/.test(base))
    return { overheads: GPT_4O, assumed: false };
  if (/^(gpt-3\.5-turbo|gpt-4)(-\d{4}|-\d{4}-\d{2}-\d{2})?$/.test(base))
    return { overheads: GPT_4, assumed: false };
  return {
    overheads: encodingFor(model) === 'cl100k_base' ? GPT_4 : GPT_4O,
    assumed: true,
  };
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The guide drops one final "." of a description. */
const withoutDot = (text: unknown): string => {
  const s = typeof text === 'string' ? text : '';
  return s.endsWith('.') ? s.slice(0, -1) : s;
};

/** The schemas one level below a property: an object's properties, an array's items' properties. */
function nestedProperties(schema: Json): Json | undefined {
  if (isObject(schema.properties) && Object.keys(schema.properties).length > 0)
    return schema.properties;
  if (isObject(schema.items)) return nestedProperties(schema.items);
  return undefined;
}

function propertiesTokens(
  properties: Json,
  o: Overheads,
  counter: TokenCounter,
  estimate: Estimate,
): number {
  let tokens = o.propInit;
  for (const [key, value] of Object.entries(properties)) {
    const schema = isObject(value) ? value : {};
    tokens += o.propKey;
    if (Array.isArray(schema.enum)) {
      tokens += o.enumInit;
      for (const item of schema.enum)
        tokens +=
          o.enumItem + counter.countRepeated(typeof item === 'string' ? item : String(item));
    }
    // A type that is not one name (a list, or none with anyOf/$ref) is beyond the guide's rule.
    if (typeof schema.type !== 'string') estimate.add(Estimate.toolSchemaNested);
    const type = typeof schema.type === 'string' ? schema.type : '';
    tokens += counter.countRepeated(`${key}:${type}:${withoutDot(schema.description)}`);
    const nested = nestedProperties(schema);
    if (nested) {
      estimate.add(Estimate.toolSchemaNested);
      tokens += propertiesTokens(nested, o, counter, estimate);
    }
  }
  return tokens;
}

/**
 * Tokens of an example's `tools` (`{ type: 'function', function }` each) or legacy `functions`
 * (the function definitions themselves); 0 for none.
 */
export function toolsTokens(
  tools: unknown,
  { overheads: o, assumed }: ToolRules,
  counter: TokenCounter,
  estimate: Estimate,
): number {
  if (!Array.isArray(tools) || tools.length === 0) return 0;
  if (assumed) estimate.add(Estimate.toolRulesAssumed);
  let tokens = o.funcEnd;
  for (const tool of tools) {
    if (!isObject(tool)) continue;
    const fn = isObject(tool.function) ? tool.function : tool;
    tokens +=
      o.funcInit +
      counter.countRepeated(
        `${typeof fn.name === 'string' ? fn.name : ''}:${withoutDot(fn.description)}`,
      );
    const parameters = isObject(fn.parameters) ? fn.parameters : {};
    if (isObject(parameters.properties) && Object.keys(parameters.properties).length > 0)
      tokens += propertiesTokens(parameters.properties, o, counter, estimate);
  }
  return tokens;
}
