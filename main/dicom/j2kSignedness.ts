// Reads whether a JPEG 2000 codestream declares its first component signed (SIZ marker, Ssiz bit 7),
// from the start of the first pixel data fragment. A file whose codestream and Pixel Representation
// (0028,0103) disagree is decoded differently by different tools; the viewer must not guess.

const ITEM = [0xfe, 0xff, 0x00, 0xe0];
const SOC_SIZ = [0xff, 0x4f, 0xff, 0x51];
const SSIZ_OFFSET_FROM_SIZ = 40; // FF51, Lsiz, Rsiz, Xsiz..YTOsiz (8 x 4 bytes), Csiz, then Ssiz[0]

function matchesAt(bytes: Uint8Array, at: number, pattern: readonly number[]): boolean {
  return pattern.every((b, i) => bytes[at + i] === b);
}

function uint32le(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0;
}

/** `pixelDataOffset`: where the encapsulated pixel data's first item (the offset table) starts. */
export function j2kCodestreamSigned(bytes: Uint8Array, pixelDataOffset: number): boolean | null {
  if (!matchesAt(bytes, pixelDataOffset, ITEM)) return null;
  const firstFragment = pixelDataOffset + 8 + uint32le(bytes, pixelDataOffset + 4);
  if (!matchesAt(bytes, firstFragment, ITEM)) return null;
  const start = firstFragment + 8;
  // The fragment may hold a bare codestream or a JP2 file wrapping one: look for SOC+SIZ near the start.
  for (let at = start; at < Math.min(start + 1024, bytes.length - 48); at++) {
    if (matchesAt(bytes, at, SOC_SIZ)) return ((bytes[at + 2 + SSIZ_OFFSET_FROM_SIZ] ?? 0) & 0x80) !== 0;
  }
  return null;
}
