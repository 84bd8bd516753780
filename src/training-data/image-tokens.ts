// Tokens of an image part, by the vision rules OpenAI publishes per model in its "Images and
// vision" guide, section "Calculating costs" (platform.openai.com/docs/guides/images-vision). The
// guide's page itself could not be read when this was written; its tables and examples were taken
// from quotations of it (github.com/openai/openai-python/issues/2851, which describes its two
// systems; github.com/xn1cklas/tokenlens/issues/7, which copies its patch table and examples),
// and checked against each other. Two systems, by model.
//
// Tiles (gpt-4o, gpt-4o-mini, gpt-4.1, gpt-4.5, gpt-5, o1, o3): `detail: "low"` costs the base
// tokens whatever the size. `"high"` scales the image to fit in 2048 x 2048, then so that its
// shortest side is 768px (never up), and adds the tile tokens for every 512px tile that covers
// it. The guide's examples: gpt-4o, 1024 x 1024 high = 85 + 4 x 170 = 765; 2048 x 4096 high =
// 85 + 6 x 170 = 1105; any size low = 85. gpt-4o-mini: base 2833, tile 5667.
//
// Patches (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano): the image is covered by
// 32px patches, at most 1536 of them (a larger image is scaled down to fit), and the patch count is
// multiplied by the model's multiplier (1.62, 2.46, 1.72, 1.62, 2.46); `detail` does not change it.
// The guide's examples: 1024 x 1024 = 1024 patches; 1800 x 2400 = 1452 patches.
//
// `detail: "auto"` (the default) lets the API choose; it is counted as "high" and marked as an
// estimate. An image given by https URL has no size here: it is counted at the most an image can
// cost under the model's rule (an upper bound), and marked as an estimate.
import { dataUrlImageSize, type ImageSize } from './image-size.ts';
import { baseModel } from './tokens.ts';
import { Estimate } from './estimates.ts';

type VisionRule =
  | { kind: 'tiles'; base: number; tile: number }
  | { kind: 'patches'; multiplier: number };

const GPT_4O: VisionRule = { kind: 'tiles', base: 85, tile: 170 };

/** Rules by base-model prefix, most specific first (the guide's tables). */
const RULES: Array<[RegExp, VisionRule]> = [
  [/^gpt-4o-mini/, { kind: 'tiles', base: 2833, tile: 5667 }],
  [/^(gpt-4\.1-mini|gpt-5-mini)/, { kind: 'patches', multiplier: 1.62 }],
  [/^(gpt-4\.1-nano|gpt-5-nano)/, { kind: 'patches', multiplier: 2.46 }],
  [/^o4-mini/, { kind: 'patches', multiplier: 1.72 }],
  [/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-4-turbo)/, GPT_4O],
  [/^(o1|o3)/, { kind: 'tiles', base: 75, tile: 150 }],
  [/^gpt-5/, { kind: 'tiles', base: 70, tile: 140 }],
];

export interface ImageRule {
  rule: VisionRule;
  /** True when the model is not in the guide's tables and gpt-4o's rule is assumed. */
  assumed: boolean;
}

/** The vision rule of a model; gpt-4o's (marked assumed) for a model the guide does not list. */
export function imageRuleFor(model: string): ImageRule {
  const base = baseModel(model);
  for (const [pattern, rule] of RULES) if (pattern.test(base)) return { rule, assumed: false };
  return { rule: GPT_4O, assumed: true };
}

const TILE = 512;
const PATCH = 32;
const MAX_PATCHES = 1536;
/** The most 512px tiles an image can need: 768 x 2048 after scaling, 2 x 4. */
const MAX_TILES = 8;

function tiles({ width, height }: ImageSize): number {
  let w = width;
  let h = height;
  const fit = 2048 / Math.max(w, h);
  if (fit < 1) {
    w *= fit;
    h *= fit;
  }
  const shortest = 768 / Math.min(w, h);
  if (shortest < 1) {
    w *= shortest;
    h *= shortest;
  }
  return Math.ceil(w / TILE) * Math.ceil(h / TILE);
}

// The guide's patch rule, step for step: scale down to fit the patch budget, then fit whole
// patches along the side that would overflow.
function patches({ width, height }: ImageSize): number {
  const raw = Math.ceil(width / PATCH) * Math.ceil(height / PATCH);
  if (raw <= MAX_PATCHES) return raw;
  const shrink = Math.sqrt((PATCH * PATCH * MAX_PATCHES) / (width * height));
  const across = (width * shrink) / PATCH;
  const down = (height * shrink) / PATCH;
  const adjusted = shrink * Math.min(Math.floor(across) / across, Math.floor(down) / down);
  const w = Math.max(1, Math.floor(width * adjusted));
  const h = Math.max(1, Math.floor(height * adjusted));
  return Math.min(MAX_PATCHES, Math.ceil(w / PATCH) * Math.ceil(h / PATCH));
}

/**
 * Tokens of one `image_url` part (`{ url, detail? }`) under `rule`; adds the reasons the count is
 * an estimate to `estimate`.
 */
export function imageTokens(image: unknown, { rule }: ImageRule, estimate: Estimate): number {
  const { url, detail } = (image ?? {}) as { url?: unknown; detail?: unknown };
  const size = typeof url === 'string' ? dataUrlImageSize(url) : undefined;
  if (rule.kind === 'tiles' && detail === 'low') return rule.base;
  if (detail !== 'low' && detail !== 'high' && rule.kind === 'tiles')
    estimate.add(Estimate.imageDetailAuto);
  if (!size) estimate.add(Estimate.imageSizeUnknown);
  if (rule.kind === 'tiles') return rule.base + rule.tile * (size ? tiles(size) : MAX_TILES);
  return Math.round((size ? patches(size) : MAX_PATCHES) * rule.multiplier);
}
