// The slice numbers of MPR planes (renderer/src/viewer/mpr/planeSlices.ts): if these fail, "Image n/N"
// on a sagittal or coronal plane names the wrong slice, and the arrow keys skip or repeat slices.
import { describe, expect, it } from 'vitest';
import { distanceToSlice, planeFrameOf, planeIndexOf } from '../../renderer/src/viewer/mpr/planeSlices.ts';

// The LIDC chest CT's grid: 512 x 512 x 275, 0.703 mm in-plane, 1 mm between slices, axial.
const grid = { origin: [-180, -180, -340], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], spacing: [0.703125, 0.703125, 1], dimensions: [512, 512, 275] };

describe('MPR plane slices', () => {
  it('counts a plane\'s slices along the volume axis it looks along, at that axis\'s spacing', () => {
    expect(planeFrameOf(grid, [1, 0, 0])).toMatchObject({ count: 512, spacing: 0.703125, start: -180 });
    expect(planeFrameOf(grid, [0, -1, 0])).toMatchObject({ count: 512, spacing: 0.703125 });
    expect(planeFrameOf(grid, [0, 0, -1])).toMatchObject({ count: 275, spacing: 1, start: 340 - 274 });
  });

  it('numbers slices from the viewer\'s side and moves a point exactly onto a slice', () => {
    const axial = planeFrameOf(grid, [0, 0, -1]);
    // Looking from the feet along -z, slice 0 is the highest (z = -66), slice 274 the lowest (z = -340).
    expect(planeIndexOf(axial, [0, 0, -66])).toBe(0);
    expect(planeIndexOf(axial, [0, 0, -340])).toBe(274);
    expect(planeIndexOf(axial, [0, 0, -200.4])).toBe(134);
    // Outside the volume: clamped to its first and last slices.
    expect(planeIndexOf(axial, [0, 0, 100])).toBe(0);
    expect(planeIndexOf(axial, [0, 0, -1000])).toBe(274);
    const sagittal = planeFrameOf(grid, [1, 0, 0]);
    const d = distanceToSlice(sagittal, [10, 5, -200], 300);
    expect(10 + d).toBeCloseTo(-180 + 300 * 0.703125, 9);
    expect(planeIndexOf(sagittal, [10 + d, 5, -200])).toBe(300);
  });

  it('takes a rotated volume\'s own axes (an oblique acquisition) and its corner extent', () => {
    const c = Math.SQRT1_2;
    const rotated = { origin: [0, 0, 0], direction: [c, c, 0, -c, c, 0, 0, 0, 1], spacing: [1, 2, 3], dimensions: [10, 20, 5] };
    const frame = planeFrameOf(rotated, [c, c, 0]);
    expect(frame.spacing).toBe(1);
    expect(frame.count).toBe(10);
    expect(frame.start).toBeCloseTo(0, 9);
  });
});
