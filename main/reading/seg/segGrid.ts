// The regular grid a SEG's frames lie on, from their Plane Position (Patient) and the shared Plane
// Orientation and Pixel Measures. Frames must share one orientation and one in-plane origin; their
// positions along the normal must fall on whole multiples of one slice step (Spacing Between Slices
// when given, else the smallest gap), so that slices without frames (sparse SEGs) become empty slices.
// Anything else is refused with the reason, never resampled silently.
import { SegFormatError, type LabelmapGeometry, type Vec3 } from './segTypes.ts';

/** mm: positions closer than this are the same plane; in-plane offsets above it are refused. */
const SAME_PLANE_MM = 0.01;
/** Fraction of a slice step a position may sit off the grid (DS values carry about 7 digits). */
const OFF_GRID = 0.02;
/** Explicit limit: no SEG grid of more slices than this (a whole-body CT has about 2,000). */
export const MAX_SLICES = 4096;

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vec3): Vec3 => {
  const n = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / n, a[1] / n, a[2] / n];
};

export interface GridInput {
  rows: number;
  columns: number;
  /** ImageOrientationPatient: row cosines then column cosines. */
  orientation: readonly number[];
  /** PixelSpacing: between rows, then between columns (mm). */
  pixelSpacing: readonly [number, number];
  /** ImagePositionPatient of every frame, in frame order. */
  positions: readonly Vec3[];
  spacingBetweenSlices: number | null;
  sliceThickness: number | null;
}

export interface Grid {
  geometry: LabelmapGeometry;
  /** The slice (0-based) of every frame, in frame order. */
  sliceOfFrame: number[];
}

function slicePositions(distances: number[], step: number): number[] {
  const first = Math.min(...distances);
  return distances.map((d) => {
    const k = (d - first) / step;
    if (Math.abs(k - Math.round(k)) > OFF_GRID) {
      throw new SegFormatError('geometry', `a frame lies ${(d - first).toFixed(3)} mm along the normal from the first, not a whole number of ${step.toFixed(4)} mm slices: the frames are not on one regular grid`);
    }
    return Math.round(k);
  });
}

function sliceStep(distances: number[], given: number | null, thickness: number | null): number {
  if (given !== null && given > 0) return given;
  const sorted = [...new Set(distances.map((d) => Math.round(d / SAME_PLANE_MM)))].sort((a, b) => a - b).map((d) => d * SAME_PLANE_MM);
  let step = Infinity;
  for (let k = 1; k < sorted.length; k++) step = Math.min(step, (sorted[k] ?? 0) - (sorted[k - 1] ?? 0));
  if (Number.isFinite(step)) return step;
  return thickness !== null && thickness > 0 ? thickness : 1;
}

export function gridOf(input: GridInput): Grid {
  const o = input.orientation;
  if (o.length !== 6 || o.some((v) => !Number.isFinite(v))) throw new SegFormatError('geometry', 'the SEG has no Image Orientation (Patient) of six numbers');
  if (input.positions.length === 0) throw new SegFormatError('geometry', 'the SEG has no frames');
  const row = unit([o[0] ?? 0, o[1] ?? 0, o[2] ?? 0]);
  const column = unit([o[3] ?? 0, o[4] ?? 0, o[5] ?? 0]);
  const normal = unit(cross(row, column));
  const first = input.positions[0] as Vec3;
  for (const p of input.positions) {
    const d: Vec3 = [p[0] - first[0], p[1] - first[1], p[2] - first[2]];
    if (Math.abs(dot(d, row)) > SAME_PLANE_MM || Math.abs(dot(d, column)) > SAME_PLANE_MM) {
      throw new SegFormatError('geometry', `frames of the SEG start at different in-plane positions (${p.join('\\')} against ${first.join('\\')}): not one grid`);
    }
  }
  const distances = input.positions.map((p) => dot(p, normal));
  const step = sliceStep(distances, input.spacingBetweenSlices, input.sliceThickness);
  const sliceOfFrame = slicePositions(distances, step);
  const slices = Math.max(...sliceOfFrame) + 1;
  if (slices > MAX_SLICES) throw new SegFormatError('too-large', `the SEG's frames span ${slices} slices of ${step} mm, more than the ${MAX_SLICES} this reader accepts`);
  const lowest = input.positions[sliceOfFrame.indexOf(0)] as Vec3;
  return {
    geometry: {
      dims: [input.columns, input.rows, slices],
      spacing: [input.pixelSpacing[1], input.pixelSpacing[0], step],
      origin: [lowest[0], lowest[1], lowest[2]],
      direction: [row, column, normal],
    },
    sliceOfFrame,
  };
}
