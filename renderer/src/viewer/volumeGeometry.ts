// Decides, from plain numbers, whether a series' slices form a volume that can be shown exactly: one
// orientation, one image size and pixel spacing, slice positions along the slice normal (no gantry
// tilt) at one even spacing, no gap and no two slices in one place. Cornerstone3D builds a volume from
// any list of slices without a warning and stretches tilted or unevenly spaced ones silently
// (shared/notes/cornerstone3d-5.14-volumes-seg-sr.md); so a series that fails here is refused, with a
// sentence that says why, and stays viewable as a stack.
//
// Coordinates are DICOM patient coordinates (LPS, mm): ImagePositionPatient is the centre of the first
// transmitted voxel, ImageOrientationPatient the row then column direction cosines.

export type Vec3 = readonly [number, number, number];

export interface SliceGeometry {
  /** The image id the slice is shown by. */
  id: string;
  /** ImagePositionPatient (mm, LPS), or null when the file has none. */
  position: readonly number[] | null;
  /** ImageOrientationPatient: row cosines then column cosines, or null. */
  orientation: readonly number[] | null;
  rows: number;
  columns: number;
  /** PixelSpacing [between rows, between columns] in mm, or null where it is not known. */
  pixelSpacing: readonly number[] | null;
}

export type VolumeGeometry =
  | {
      ok: true;
      /** Image ids in increasing position along `normal`. */
      sortedIds: string[];
      /** Distance between neighbouring slices along `normal` (mm). */
      sliceSpacing: number;
      /** Row cosines x column cosines: the direction in which slices follow each other. */
      normal: Vec3;
    }
  | { ok: false; reason: string };

/** Two spacings are "the same" within 1 % or 0.01 mm, whichever is larger (DS values carry rounding). */
const RELATIVE_TOLERANCE = 0.01;
const ABSOLUTE_TOLERANCE_MM = 0.01;
/** Direction cosines of one orientation written by different slices agree to this (DS rounding). */
const COSINE_TOLERANCE = 1e-3;

const sameLength = (a: number, b: number): boolean =>
  Math.abs(a - b) <= Math.max(ABSOLUTE_TOLERANCE_MM, RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));

const dot = (a: readonly number[], b: readonly number[]): number => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);

function cross(a: readonly number[], b: readonly number[]): Vec3 {
  const [a0 = 0, a1 = 0, a2 = 0] = a;
  const [b0 = 0, b1 = 0, b2 = 0] = b;
  return [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0];
}

/** A number as a person reads it in a sentence: at most two decimals, no trailing zeros. */
export function mm(value: number): string {
  return String(Math.round(value * 100) / 100);
}

const refuse = (reasons: string[]): VolumeGeometry => ({ ok: false, reason: `This series cannot be shown as a volume: ${reasons.join('; ')}.` });

/** What stops the slices from sharing one grid in the image plane; empty when nothing does. */
function planeProblems(slices: readonly SliceGeometry[]): string[] {
  const problems: string[] = [];
  const sizes = [...new Set(slices.map((s) => `${s.columns} x ${s.rows}`))];
  if (sizes.length > 1) problems.push(`its images have different sizes (${sizes.slice(0, 3).join(', ')})`);
  const first = slices[0]?.orientation ?? [];
  if (slices.some((s) => (s.orientation ?? []).some((c, i) => Math.abs(c - (first[i] ?? 0)) > COSINE_TOLERANCE))) {
    problems.push('its images have different orientations');
  }
  const spacings = slices.map((s) => s.pixelSpacing).filter((p): p is readonly number[] => p !== null);
  const reference = spacings[0];
  if (reference && spacings.some((p) => !sameLength(p[0] ?? 0, reference[0] ?? 0) || !sameLength(p[1] ?? 0, reference[1] ?? 0))) {
    problems.push('its images have different pixel spacings');
  }
  return problems;
}

/** The largest angle (degrees) between the normal and the step from one slice to the next: gantry tilt. */
function tiltDegrees(positions: readonly (readonly number[])[], normal: Vec3): number {
  let worst = 0;
  for (let i = 1; i < positions.length; i++) {
    const step = [0, 1, 2].map((k) => (positions[i]?.[k] ?? 0) - (positions[i - 1]?.[k] ?? 0));
    const along = dot(step, normal);
    const sideways = Math.hypot(...step.map((c, k) => c - along * (normal[k] ?? 0)));
    // Sideways shifts within the tolerance are DS rounding, not tilt.
    if (sameLength(sideways, 0) || sideways <= RELATIVE_TOLERANCE * Math.abs(along)) continue;
    worst = Math.max(worst, (Math.atan2(sideways, Math.abs(along)) * 180) / Math.PI);
  }
  return worst;
}

/** What is wrong with the distances between neighbouring slices (mm along the normal); empty when even. */
function spacingProblems(steps: readonly number[]): string[] {
  const together = steps.filter((s) => sameLength(s, 0)).length;
  if (together > 0) return [`${together + 1 === 2 ? 'two' : together + 1} of its slices share one position`];
  const min = Math.min(...steps);
  const max = Math.max(...steps);
  if (sameLength(min, max)) return [];
  // Steps that are a whole multiple of the usual one are slices missing from an even series.
  const usual = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)] ?? min;
  const missing = steps.reduce((n, s) => {
    const multiple = Math.round(s / usual);
    return multiple >= 2 && sameLength(s, multiple * usual) ? n + multiple - 1 : n;
  }, 0);
  const allEvenOrGaps = steps.every((s) => sameLength(s, Math.round(s / usual) * usual));
  const gap = allEvenOrGaps && missing > 0 ? ` (${missing === 1 ? 'a slice is' : `${missing} slices are`} missing)` : '';
  return [`slice spacing varies from ${mm(min)} to ${mm(max)} mm${gap}`];
}

/** Whether `slices` (in any order) form a volume, and its slice order and spacing when they do. */
export function checkVolumeGeometry(slices: readonly SliceGeometry[]): VolumeGeometry {
  if (slices.length === 0) return refuse(['it has no images']);
  if (slices.length === 1) return refuse(['it has only one image']);
  const unplaced = slices.filter((s) => s.position?.length !== 3 || s.orientation?.length !== 6).length;
  if (unplaced > 0) return refuse([`${unplaced} of its ${slices.length} images ${unplaced === 1 ? 'has' : 'have'} no position or orientation in the patient`]);
  const plane = planeProblems(slices);
  if (plane.length > 0) return refuse(plane);
  const orientation = slices[0]?.orientation ?? [];
  const normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
  const sorted = [...slices].sort((a, b) => dot(a.position ?? [], normal) - dot(b.position ?? [], normal));
  const positions = sorted.map((s) => s.position ?? []);
  const steps = positions.slice(1).map((p, i) => dot(p, normal) - dot(positions[i] ?? [], normal));
  const problems: string[] = [];
  const tilt = tiltDegrees(positions, normal);
  if (tilt > 0) problems.push(`its slices are stacked at ${mm(tilt)}° to the image plane's normal (gantry tilt)`);
  problems.push(...spacingProblems(steps));
  if (problems.length > 0) return refuse(problems);
  const sliceSpacing = (dot(positions[positions.length - 1] ?? [], normal) - dot(positions[0] ?? [], normal)) / (positions.length - 1);
  return { ok: true, sortedIds: sorted.map((s) => s.id), sliceSpacing, normal };
}
