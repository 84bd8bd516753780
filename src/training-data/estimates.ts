// Why an example's token count is an estimate rather than exact: one bit per reason, set while the
// example is counted, so a line costs one number and batch results stay plain data.

/** Why a token count is an estimate; the report counts examples per reason. */
export type EstimateReason =
  | 'image_size_unknown'
  | 'image_detail_auto'
  | 'image_rule_assumed'
  | 'tool_rules_assumed'
  | 'tool_schema_nested'
  | 'tool_calls';

/** The reasons in bit order: reason i is bit 1 << i. */
export const ESTIMATE_REASONS: readonly EstimateReason[] = [
  'image_size_unknown',
  'image_detail_auto',
  'image_rule_assumed',
  'tool_rules_assumed',
  'tool_schema_nested',
  'tool_calls',
];

/** The reasons of the example being counted. */
export class Estimate {
  static readonly imageSizeUnknown = 1 << 0;
  static readonly imageDetailAuto = 1 << 1;
  static readonly imageRuleAssumed = 1 << 2;
  static readonly toolRulesAssumed = 1 << 3;
  static readonly toolSchemaNested = 1 << 4;
  static readonly toolCalls = 1 << 5;

  bits = 0;

  add(bits: number): void {
    this.bits |= bits;
  }
}
