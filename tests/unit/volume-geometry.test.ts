// Whether a series' slices form a volume (volumeGeometry.ts). If these fail, a reader would see a
// tilted or unevenly spaced series as a volume that looks right but is stretched or sheared (organs
// and distances wrong by millimetres, shared/notes/cornerstone3d-5.14-volumes-seg-sr.md), or a good
// series would be refused for rounding in its headers.
import { describe, expect, it } from 'vitest';
import { checkVolumeGeometry, type SliceGeometry } from '../../renderer/src/viewer/volumeGeometry.ts';
import { rescaledRange, voxelTypeProblem } from '../../renderer/src/viewer/volumeVoxels.ts';

const AXIAL = [1, 0, 0, 0, 1, 0];

/** An axial slice at z (mm), 512 x 512, 0.78 mm pixels, as the LIDC chest CT has them. */
function slice(z: number, change: Partial<SliceGeometry> = {}): SliceGeometry {
  return { id: `z${z}`, position: [-201, -59, z], orientation: AXIAL, rows: 512, columns: 512, pixelSpacing: [0.78125, 0.78125], ...change };
}

const series = (zs: number[]): SliceGeometry[] => zs.map((z) => slice(z));

describe('volume geometry', () => {
  it('accepts evenly spaced slices in any order and sorts them along the normal', () => {
    const result = checkVolumeGeometry(series([-622.3, -624.8, -623.55, -621.05]));
    expect(result).toMatchObject({ ok: true, sortedIds: ['z-624.8', 'z-623.55', 'z-622.3', 'z-621.05'], normal: [0, 0, 1] });
    expect(result.ok && result.sliceSpacing).toBeCloseTo(1.25, 9);
  });

  it('accepts the rounding of DS values (0.001 mm) but not a real difference', () => {
    expect(checkVolumeGeometry(series([0, 1.25, 2.501, 3.75])).ok).toBe(true);
    expect(checkVolumeGeometry(series([0, 1.25, 2.6, 3.75])).ok).toBe(false);
  });

  it('refuses uneven spacing and says between which distances', () => {
    expect(checkVolumeGeometry(series([0, 1.25, 2.5, 5, 7.5]))).toEqual({
      ok: false,
      reason: 'This series cannot be shown as a volume: slice spacing varies from 1.25 to 2.5 mm.',
    });
  });

  it('refuses a series with a missing slice and says so', () => {
    expect(checkVolumeGeometry(series([0, 1, 2, 4, 5, 6]))).toEqual({
      ok: false,
      reason: 'This series cannot be shown as a volume: slice spacing varies from 1 to 2 mm (a slice is missing).',
    });
    const two = checkVolumeGeometry(series([0, 1, 2, 5, 6, 7, 8]));
    expect(two.ok === false && two.reason).toContain('(2 slices are missing)');
  });

  it('refuses two slices in one place', () => {
    const result = checkVolumeGeometry(series([0, 1, 1, 2]));
    expect(result.ok === false && result.reason).toBe('This series cannot be shown as a volume: two of its slices share one position.');
  });

  it('refuses a tilted gantry (slices shifted sideways along the stack) with its angle', () => {
    // The GE CT of dcm_qa_ct: rows along x, columns tilted 18.5 degrees, positions stepping along z only.
    const iop = [1, 0, 0, 0, 0.9483237, -0.3173047];
    const tilted = [5.8360586, 10.0560586, 14.2760586].map((z, i) => slice(z, { id: `t${i}`, position: [-125, -123.5404569, z], orientation: iop, pixelSpacing: [0.4882812, 0.4882812] }));
    const result = checkVolumeGeometry(tilted);
    expect(result.ok === false && result.reason).toBe(
      "This series cannot be shown as a volume: its slices are stacked at 18.5° to the image plane's normal (gantry tilt).",
    );
  });

  it('refuses mixed orientations, sizes and pixel spacings', () => {
    const sagittal = checkVolumeGeometry([slice(0), slice(1), slice(2, { orientation: [0, 1, 0, 0, 0, -1] })]);
    expect(sagittal.ok === false && sagittal.reason).toBe('This series cannot be shown as a volume: its images have different orientations.');
    const sizes = checkVolumeGeometry([slice(0), slice(1, { rows: 256, columns: 256 })]);
    expect(sizes.ok === false && sizes.reason).toBe('This series cannot be shown as a volume: its images have different sizes (512 x 512, 256 x 256).');
    const pixels = checkVolumeGeometry([slice(0), slice(1, { pixelSpacing: [0.7, 0.7] })]);
    expect(pixels.ok === false && pixels.reason).toContain('different pixel spacings');
  });

  it('refuses a single slice, no slices, and slices without a position', () => {
    expect(checkVolumeGeometry([slice(0)])).toEqual({ ok: false, reason: 'This series cannot be shown as a volume: it has only one image.' });
    expect(checkVolumeGeometry([])).toEqual({ ok: false, reason: 'This series cannot be shown as a volume: it has no images.' });
    const unplaced = checkVolumeGeometry([slice(0), slice(1, { position: null })]);
    expect(unplaced.ok === false && unplaced.reason).toBe('This series cannot be shown as a volume: 1 of its 2 images has no position or orientation in the patient.');
  });
});

// If these fail, CT values beyond what the volume's voxel type holds would wrap around (bone shown as air).
describe('volume voxel type', () => {
  it('holds a 12-bit unsigned CT with intercept -1000 (the LIDC chest CT) in Int16', () => {
    expect(rescaledRange({ bitsStored: 12, signed: false, slope: 1, intercept: -1000 })).toEqual([-1000, 3095]);
    expect(voxelTypeProblem('Int16Array', { bitsStored: 12, signed: false, slope: 1, intercept: -1000 })).toBeNull();
  });
  it('refuses Int16 for 16-bit unsigned values with intercept -1024, and fractions in any integer type', () => {
    expect(voxelTypeProblem('Int16Array', { bitsStored: 16, signed: false, slope: 1, intercept: -1024 })).toBe(
      'its values (-1024 to 64511) do not fit the Int16 voxels it would be stored in',
    );
    expect(voxelTypeProblem('Int16Array', { bitsStored: 12, signed: false, slope: 0.5, intercept: 0 })).toContain('fractions');
    expect(voxelTypeProblem('Float32Array', { bitsStored: 16, signed: false, slope: 0.5, intercept: -1024 })).toBeNull();
  });
});
