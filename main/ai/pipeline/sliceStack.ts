// Whether a series' slices form one evenly spaced, untilted volume, and the volume's grid when they do.
// A model run on a stretched volume would report wrong volumes in mL without a sign, so a series that
// fails is refused with a sentence that says why (as renderer/src/viewer/volumeGeometry.ts refuses the
// viewer's MPR; the rules and tolerances are the same, kept here because main/ may not import the
// renderer). Coordinates: ImagePositionPatient (mm, LPS) is the centre of a slice's first voxel.
import type { Vec3, Volume } from './volume.ts';

export interface SliceHeader {
  /** Which file the slice came from, for the caller. */
  index: number;
  position: readonly number[] | null;
  /** ImageOrientationPatient: row cosines then column cosines. */
  orientation: readonly number[] | null;
  rows: number;
  columns: number;
  /** PixelSpacing: [between rows, between columns] mm. */
  pixelSpacing: readonly number[] | null;
}

export type VolumeGrid = Omit<Volume, 'voxels'>;
export type StackResult = { ok: true; grid: VolumeGrid; order: number[] } | { ok: false; reason: string };

const RELATIVE_TOLERANCE = 0.01;
const ABSOLUTE_TOLERANCE_MM = 0.01;
const COSINE_TOLERANCE = 1e-3;

const same = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(ABSOLUTE_TOLERANCE_MM, RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));
const dot = (a: readonly number[], b: readonly number[]): number => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
const round2 = (v: number): string => String(Math.round(v * 100) / 100);

function cross(a: readonly number[], b: readonly number[]): Vec3 {
  const [a0 = 0, a1 = 0, a2 = 0] = a;
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  return [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0];
}

const refuse = (why: string): StackResult => ({ ok: false, reason: `This series cannot be analysed as a volume: ${why}.` });

function planeProblem(slices: readonly SliceHeader[]): string | null {
  const first = slices[0];
  if (!first) return 'it has no images';
  if (slices.some((s) => s.rows !== first.rows || s.columns !== first.columns)) return 'its images have different sizes';
  const o = first.orientation ?? [];
  if (slices.some((s) => (s.orientation ?? []).some((c, i) => Math.abs(c - (o[i] ?? 0)) > COSINE_TOLERANCE))) return 'its images have different orientations';
  const p = first.pixelSpacing;
  if (!p || p.length !== 2) return 'its images have no pixel spacing, so no size in mm';
  if (slices.some((s) => !s.pixelSpacing || !same(s.pixelSpacing[0] ?? 0, p[0] ?? 0) || !same(s.pixelSpacing[1] ?? 0, p[1] ?? 0))) return 'its images have different pixel spacings';
  return null;
}

/** Distances between neighbours along the normal must be one spacing, and each step must follow the normal (no gantry tilt). */
function stackProblem(positions: readonly (readonly number[])[], normal: Vec3): string | null {
  const steps: number[] = [];
  for (let i = 1; i < positions.length; i++) {
    const step = [0, 1, 2].map((k) => (positions[i]?.[k] ?? 0) - (positions[i - 1]?.[k] ?? 0));
    const along = dot(step, normal);
    const sideways = Math.hypot(...step.map((c, k) => c - along * (normal[k] ?? 0)));
    if (!same(sideways, 0) && sideways > RELATIVE_TOLERANCE * Math.abs(along)) {
      return `its slices are stacked at ${round2((Math.atan2(sideways, Math.abs(along)) * 180) / Math.PI)}° to the image plane's normal (gantry tilt)`;
    }
    steps.push(along);
  }
  if (steps.some((s) => same(s, 0))) return 'two of its slices share one position';
  const min = Math.min(...steps);
  const max = Math.max(...steps);
  return same(min, max) ? null : `its slice spacing varies from ${round2(min)} to ${round2(max)} mm (slices missing or uneven)`;
}

/** Sorts slices along the normal and returns the volume's grid, or the sentence why there is none. */
export function stackSlices(slices: readonly SliceHeader[]): StackResult {
  if (slices.length < 2) return refuse(slices.length === 0 ? 'it has no images' : 'it has only one image');
  const unplaced = slices.filter((s) => s.position?.length !== 3 || s.orientation?.length !== 6).length;
  if (unplaced > 0) return refuse(`${unplaced} of its ${slices.length} images have no position or orientation in the patient`);
  const plane = planeProblem(slices);
  if (plane) return refuse(plane);
  const o = slices[0]?.orientation ?? [];
  const normal = cross(o.slice(0, 3), o.slice(3, 6));
  const sorted = [...slices].sort((a, b) => dot(a.position ?? [], normal) - dot(b.position ?? [], normal));
  const positions = sorted.map((s) => s.position ?? []);
  const problem = stackProblem(positions, normal);
  if (problem) return refuse(problem);
  const first = sorted[0] as SliceHeader;
  const [rowSpacing = 0, columnSpacing = 0] = first.pixelSpacing ?? [];
  const sliceSpacing = (dot(positions[positions.length - 1] ?? [], normal) - dot(positions[0] ?? [], normal)) / (positions.length - 1);
  const [p0 = 0, p1 = 0, p2 = 0] = first.position ?? [];
  const grid: VolumeGrid = {
    dims: [first.columns, first.rows, sorted.length],
    // PixelSpacing is [row spacing (between rows), column spacing]: the step along a row is the column spacing.
    spacing: [columnSpacing, rowSpacing, sliceSpacing],
    origin: [p0, p1, p2],
    direction: [[o[0] ?? 0, o[1] ?? 0, o[2] ?? 0], [o[3] ?? 0, o[4] ?? 0, o[5] ?? 0], normal],
  };
  return { ok: true, grid, order: sorted.map((s) => s.index) };
}
