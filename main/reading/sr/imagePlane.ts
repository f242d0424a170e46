// Between patient coordinates (mm, LPS) and an image's pixel coordinates as SCOORD writes them
// (column\row, (0,0) the top left corner of the top left pixel, so the first pixel's centre is
// (0.5, 0.5)). Used for images without a Frame of Reference, where SCOORD3D cannot be written; an image
// without position, orientation or spacing gets Cornerstone's defaults (origin 0, identity axes, 1 mm),
// the same world the viewer drew it in.
import type { InstanceSummary, PatientPoint } from '../../../preload/api.ts';

export interface ImagePlane {
  origin: PatientPoint;
  /** Direction cosines of a row (towards increasing column) and of a column (towards increasing row). */
  row: PatientPoint;
  column: PatientPoint;
  /** PixelSpacing: between rows, then between columns (mm). */
  spacing: [number, number];
}

export function planeOf(instance: Pick<InstanceSummary, 'ImagePositionPatient' | 'ImageOrientationPatient' | 'PixelSpacing'>): ImagePlane {
  const p = instance.ImagePositionPatient;
  const o = instance.ImageOrientationPatient;
  return {
    origin: p?.length === 3 ? [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0] : [0, 0, 0],
    row: o?.length === 6 ? [o[0] ?? 1, o[1] ?? 0, o[2] ?? 0] : [1, 0, 0],
    column: o?.length === 6 ? [o[3] ?? 0, o[4] ?? 1, o[5] ?? 0] : [0, 1, 0],
    spacing: instance.PixelSpacing ?? [1, 1],
  };
}

const dot = (a: readonly number[], b: readonly number[]): number => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);

/** A patient point as SCOORD column and row (its distance from the plane is dropped). */
export function toImage(plane: ImagePlane, p: PatientPoint): [number, number] {
  const d = [p[0] - plane.origin[0], p[1] - plane.origin[1], p[2] - plane.origin[2]];
  return [dot(d, plane.row) / plane.spacing[1] + 0.5, dot(d, plane.column) / plane.spacing[0] + 0.5];
}

/** A SCOORD column and row as the patient point on the image plane. */
export function toPatient(plane: ImagePlane, [column, row]: readonly [number, number]): PatientPoint {
  const along = (column - 0.5) * plane.spacing[1];
  const down = (row - 0.5) * plane.spacing[0];
  return [0, 1, 2].map((k) => (plane.origin[k] ?? 0) + along * (plane.row[k] ?? 0) + down * (plane.column[k] ?? 0)) as PatientPoint;
}
