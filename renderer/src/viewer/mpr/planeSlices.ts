// Slice numbers on an MPR plane, in plain numbers: a plane looks along its normal through the volume;
// its slices are the volume's voxel layers across that normal, `spacing` apart (the spacing of the
// volume axis nearest the normal), numbered from the layer nearest the viewer (the smallest projection
// on the normal). Patient coordinates (LPS, mm).

export type Point3 = [number, number, number];

export interface VolumeGrid {
  origin: ArrayLike<number>;
  /** Row direction (i), column direction (j), slice normal (k): 9 numbers. */
  direction: ArrayLike<number>;
  spacing: ArrayLike<number>;
  dimensions: ArrayLike<number>;
}

export interface PlaneFrame {
  /** Unit vector the slices are numbered along. */
  normal: Point3;
  spacing: number;
  count: number;
  /** Projection on `normal` of slice 0. */
  start: number;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);

/** The slices of `grid` seen along `normal` (the camera's view-plane normal). */
export function planeFrameOf(grid: VolumeGrid, normal: readonly number[]): PlaneFrame {
  const length = Math.hypot(normal[0] ?? 0, normal[1] ?? 0, normal[2] ?? 0) || 1;
  const n = [0, 1, 2].map((k) => (normal[k] ?? 0) / length) as Point3;
  const axes = [0, 1, 2].map((a) => Array.from(grid.direction).slice(a * 3, a * 3 + 3));
  const nearest = [0, 1, 2].reduce((best, a) => (Math.abs(dot(axes[a] ?? [], n)) > Math.abs(dot(axes[best] ?? [], n)) ? a : best), 0);
  // The projections of the eight corner voxels' centres: the volume's extent along the normal.
  const projections: number[] = [];
  for (const ci of [0, 1]) for (const cj of [0, 1]) for (const ck of [0, 1]) {
    const steps = [ci, cj, ck].map((c, a) => c * ((grid.dimensions[a] ?? 1) - 1) * (grid.spacing[a] ?? 1));
    const corner = [0, 1, 2].map((k) => (grid.origin[k] ?? 0) + steps.reduce((s, step, a) => s + step * (axes[a]?.[k] ?? 0), 0));
    projections.push(dot(corner, n));
  }
  const spacing = grid.spacing[nearest] ?? 1;
  const start = Math.min(...projections);
  const count = Math.max(1, Math.round((Math.max(...projections) - start) / spacing) + 1);
  return { normal: n, spacing, count, start };
}

/** The slice (0-based, clamped) a point lies on. */
export function planeIndexOf(frame: PlaneFrame, point: readonly number[]): number {
  const index = Math.round((dot(point, frame.normal) - frame.start) / frame.spacing);
  return Math.min(frame.count - 1, Math.max(0, index));
}

/** How far (mm, along the normal) a point must move to lie on slice `index`. */
export function distanceToSlice(frame: PlaneFrame, point: readonly number[], index: number): number {
  return frame.start + index * frame.spacing - dot(point, frame.normal);
}
