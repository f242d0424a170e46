// Slice navigation in a volume shown in its acquisition plane, in plain numbers: which slice the
// camera's focal point is on, and where the camera goes for another slice. Slice s (0-based) of the
// volume lies at origin + s x spacing along the slice normal (patient coordinates, LPS, mm).

export type Point3 = [number, number, number];

export interface SliceFrame {
  /** Centre of the first voxel of slice 0 (mm, LPS). */
  origin: readonly number[];
  /** The direction slices follow each other in (unit vector). */
  normal: readonly number[];
  /** Distance between slices along `normal` (mm). */
  spacing: number;
  count: number;
}

const dot = (a: readonly number[], b: readonly number[]): number => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);

/** The volume slice (0-based, clamped) the focal point lies on. */
export function sliceAt(frame: SliceFrame, focalPoint: readonly number[]): number {
  const offset = [0, 1, 2].map((k) => (focalPoint[k] ?? 0) - (frame.origin[k] ?? 0));
  const slice = Math.round(dot(offset, frame.normal) / frame.spacing);
  return Math.min(frame.count - 1, Math.max(0, slice));
}

/** Moves `points` (the camera's focal point and position) along the normal from slice `from` to `to`. */
export function movedToSlice(frame: SliceFrame, points: ReadonlyArray<readonly number[]>, from: number, to: number): Point3[] {
  const distance = (to - from) * frame.spacing;
  return points.map((p) => [0, 1, 2].map((k) => (p[k] ?? 0) + distance * (frame.normal[k] ?? 0)) as Point3);
}

/**
 * The display index (what "Image n/N" counts, 0-based) and the volume slice are the same number when
 * the stack lists its images in increasing position along the normal, and mirrored when it lists them
 * the other way (the LIDC chest CT lists head first): a series shows the same image at the same
 * number in both views.
 */
export function volumeSliceOf(displayIndex: number, count: number, reversed: boolean): number {
  return reversed ? count - 1 - displayIndex : displayIndex;
}
