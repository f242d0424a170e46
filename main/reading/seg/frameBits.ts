// Pixel Data of a SEG frame by frame. BINARY frames are 1 bit a pixel, packed little-endian bit first
// (pixel n in bit n % 8 of byte n / 8) and packed across frame boundaries: a frame whose pixel count is
// not a multiple of 8 makes the next frame start in the middle of a byte (PS3.5 8.1.1; dcmqi's
// 23x38x3 test). FRACTIONAL frames are one byte a pixel; LABELMAP frames one or two bytes.

/** Bytes that hold `frames` frames of `pixels` pixels at `bitsAllocated` bits (PS3.5 8.1.1). */
export function pixelDataBytes(frames: number, pixels: number, bitsAllocated: number): number {
  return bitsAllocated === 1 ? Math.ceil((frames * pixels) / 8) : frames * pixels * (bitsAllocated / 8);
}

/** Calls `set(n)` for every pixel n (0-based, row by row) of the 0-based frame `frame` whose bit is 1. */
export function forEachSetBit(data: Uint8Array, frame: number, pixels: number, set: (pixel: number) => void): void {
  const start = frame * pixels;
  for (let n = 0; n < pixels; n++) {
    const bit = start + n;
    if (((data[bit >>> 3] ?? 0) >>> (bit & 7)) & 1) set(n);
  }
}

/** One frame's stored values, 8 or 16 bits a pixel (little endian), as numbers. */
export function frameValues(data: Uint8Array, frame: number, pixels: number, bitsAllocated: 8 | 16): Uint8Array | Uint16Array {
  if (bitsAllocated === 8) return data.subarray(frame * pixels, (frame + 1) * pixels);
  const out = new Uint16Array(pixels);
  const base = frame * pixels * 2;
  for (let n = 0; n < pixels; n++) out[n] = (data[base + 2 * n] ?? 0) | ((data[base + 2 * n + 1] ?? 0) << 8);
  return out;
}

/** Packs frames of 0/1 pixels into BINARY Pixel Data, frames following each other bit by bit. */
export function packBinaryFrames(frames: readonly Uint8Array[], pixels: number): Uint8Array {
  const out = new Uint8Array(pixelDataBytes(frames.length, pixels, 1));
  frames.forEach((frame, f) => {
    const start = f * pixels;
    for (let n = 0; n < pixels; n++) {
      if (frame[n]) {
        const bit = start + n;
        out[bit >>> 3] = (out[bit >>> 3] ?? 0) | (1 << (bit & 7));
      }
    }
  });
  return out;
}
