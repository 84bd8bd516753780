// The pixel size of an image given inline as a `data:` URL, read from the first bytes of its file
// header (PNG, GIF, WebP, JPEG), without decoding the picture. An image given by https URL has no
// bytes here, so its size is unknown and its token count an estimate (./image-tokens.ts).

export interface ImageSize {
  width: number;
  height: number;
}

/** Base64 characters decoded at most: a JPEG's frame header can sit after a large EXIF block. */
const MAX_BASE64 = 256 * 1024;

/** The size of a base64 `data:image/...` URL's image, or undefined when it cannot be read. */
export function dataUrlImageSize(url: string): ImageSize | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0 || !url.slice(0, comma).endsWith(';base64')) return undefined;
  // PNG, GIF and WebP keep their size in the first 30 bytes; JPEG needs its markers walked.
  const head = decodeBase64(url, comma + 1, 64);
  if (!head) return undefined;
  const size = pngSize(head) ?? gifSize(head) ?? webpSize(head);
  if (size || !(head[0] === 0xff && head[1] === 0xd8)) return size;
  const all = decodeBase64(url, comma + 1, MAX_BASE64);
  return all ? jpegSize(all) : undefined;
}

/** Decodes up to `chars` base64 characters (a multiple of 4) of `text` from `start`. */
function decodeBase64(text: string, start: number, chars: number): Uint8Array | undefined {
  let end = Math.min(text.length, start + chars);
  end -= (end - start) % 4;
  try {
    const binary = atob(text.slice(start, end));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const ascii = (b: Uint8Array, i: number, text: string): boolean =>
  [...text].every((c, k) => b[i + k] === c.charCodeAt(0));

const sized = (width: number, height: number): ImageSize | undefined =>
  width > 0 && height > 0 ? { width, height } : undefined;

// PNG: the 8-byte signature, then the IHDR chunk: width and height as 32-bit big-endian.
function pngSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 24 || !(b[0] === 0x89 && ascii(b, 1, 'PNG') && ascii(b, 12, 'IHDR')))
    return undefined;
  return sized(u32be(b, 16), u32be(b, 20));
}

// GIF: "GIF87a" or "GIF89a", then the logical screen's width and height, 16-bit little-endian.
function gifSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 10 || !ascii(b, 0, 'GIF8')) return undefined;
  return sized(u16le(b, 6), u16le(b, 8));
}

// WebP: a RIFF "WEBP" container whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).
function webpSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 30 || !ascii(b, 0, 'RIFF') || !ascii(b, 8, 'WEBP')) return undefined;
  if (ascii(b, 12, 'VP8 ')) return sized(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (ascii(b, 12, 'VP8L')) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (ascii(b, 12, 'VP8X')) return sized(u24le(b, 24) + 1, u24le(b, 27) + 1);
  return undefined;
}

// JPEG: walk the marker segments to the first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8 and
// DAC CC), which holds the height then the width, 16-bit big-endian.
function jpegSize(b: Uint8Array): ImageSize | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return sized(u16be(b, i + 7), u16be(b, i + 5));
    i += 2 + u16be(b, i + 2);
  }
  return undefined;
}
