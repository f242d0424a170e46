// A CT volume in patient space, as the AI pipeline works on it. Voxel (i, j, k) is column i, row j,
// slice k, stored at i + columns * (j + rows * k) (x fastest). Coordinates are DICOM patient
// coordinates (LPS, mm); the value of a voxel is in Hounsfield units (rescale applied).

export type Vec3 = readonly [number, number, number];

export interface Volume {
  /** HU: Int16 where the rescale gives whole numbers that fit, Float32 otherwise. */
  voxels: Int16Array | Float32Array;
  /** [columns, rows, slices]. */
  dims: Vec3;
  /** mm between voxel centres along [columns, rows, slices]. */
  spacing: Vec3;
  /** Centre of voxel (0, 0, 0), mm LPS: the first slice's ImagePositionPatient. */
  origin: Vec3;
  /** Unit vectors of increasing column, row and slice index in LPS: row cosines, column cosines, slice normal. */
  direction: readonly [Vec3, Vec3, Vec3];
}

export const voxelCount = (dims: Vec3): number => dims[0] * dims[1] * dims[2];

/** Volume of one voxel in mL (1 mL = 1000 mm^3). */
export const voxelMillilitres = (spacing: Vec3): number => (spacing[0] * spacing[1] * spacing[2]) / 1000;

/** Patient position (mm, LPS) of the centre of voxel (i, j, k); fractional indices are allowed. */
export function patientPosition(volume: Pick<Volume, 'origin' | 'spacing' | 'direction'>, i: number, j: number, k: number): Vec3 {
  const { origin, spacing, direction } = volume;
  const steps = [i * spacing[0], j * spacing[1], k * spacing[2]];
  const at = (axis: 0 | 1 | 2): number => origin[axis] + direction[0][axis] * (steps[0] ?? 0) + direction[1][axis] * (steps[1] ?? 0) + direction[2][axis] * (steps[2] ?? 0);
  return [at(0), at(1), at(2)];
}
