// Recommended Display CIELab Value (0062,000D) and sRGB. DICOM scales CIELab to 16 bits: L* 0..100 as
// 0..0xFFFF, a* and b* -128..127 as 0..0xFFFF (PS3.3 C.10.7.1.1), with the D65 white point; sRGB
// components are 0..255 with the sRGB transfer curve (IEC 61966-2-1).

export type Rgb = [number, number, number];
export type DicomLab = [number, number, number];

const WHITE = [0.95047, 1.0, 1.08883] as const;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

const toLinear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number): number => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);

const labF = (t: number): number => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
const labFInverse = (t: number): number => (t > 6 / 29 ? t ** 3 : 3 * (6 / 29) ** 2 * (t - 4 / 29));

/** DICOM-scaled CIELab to sRGB 0..255 (rounded, clamped to the gamut). */
export function dicomLabToRgb([l16, a16, b16]: readonly number[]): Rgb {
  const L = ((l16 ?? 0) * 100) / 0xffff;
  const a = ((a16 ?? 0x8080) * 255) / 0xffff - 128;
  const b = ((b16 ?? 0x8080) * 255) / 0xffff - 128;
  const fy = (L + 16) / 116;
  const xyz = [WHITE[0] * labFInverse(fy + a / 500), WHITE[1] * labFInverse(fy), WHITE[2] * labFInverse(fy - b / 200)] as const;
  const r = 3.2404542 * xyz[0] - 1.5371385 * xyz[1] - 0.4985314 * xyz[2];
  const g = -0.969266 * xyz[0] + 1.8760108 * xyz[1] + 0.041556 * xyz[2];
  const bl = 0.0556434 * xyz[0] - 0.2040259 * xyz[1] + 1.0572252 * xyz[2];
  return [r, g, bl].map((c) => Math.round(clamp(fromLinear(clamp(c, 0, 1)), 0, 1) * 255)) as Rgb;
}

/** sRGB 0..255 to DICOM-scaled CIELab (rounded 16-bit values). */
export function rgbToDicomLab(rgb: readonly [number, number, number]): DicomLab {
  const [r, g, b] = rgb.map((c) => toLinear(clamp(c, 0, 255) / 255)) as [number, number, number];
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE[0];
  const y = (0.2126729 * r + 0.7151522 * g + 0.072175 * b) / WHITE[1];
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE[2];
  const L = 116 * labF(y) - 16;
  const A = 500 * (labF(x) - labF(y));
  const B = 200 * (labF(y) - labF(z));
  const scale = (v: number, lo: number, span: number): number => Math.round(clamp(((v - lo) / span) * 0xffff, 0, 0xffff));
  return [scale(L, 0, 100), scale(A, -128, 255), scale(B, -128, 255)];
}
