// What a segmented region measures, from its voxels: volume (mL), mean value (HU for CT) and longest
// diameter (mm). The mean is over the region's interior (its voxels whose six neighbours are all in it),
// as a radiologist places an ROI inside a nodule: surface voxels share their volume with what surrounds
// the region (partial volume) and one voxel too many of lung at -850 HU moves a small nodule's mean by
// tens of HU; a region with no interior (under three voxels across) is averaged whole. The diameter is the largest distance between two of its surface voxels' centres plus
// one voxel's extent along that line (a region one voxel wide is one voxel across, not zero): the 3D
// longest axis, which is at least the axial long axis a radiologist measures on one slice.
import { voxelMillilitres, type Vec3, type Volume } from './volume.ts';

export interface ComponentMeasures {
  volumeMl: number;
  /** Over the interior voxels (all voxels when it has none). */
  meanValue: number;
  longestDiameterMm: number;
  /** Mean column, row and slice index. */
  centroid: Vec3;
}

/** Above this many surface voxels the diameter is found over an even sample of them (a region of ~60 mm at 1 mm). */
const MAX_SURFACE = 6000;

/** `voxels` are indices in the volume's voxel order; `member(v)` says whether voxel v belongs to the region. */
export function measureComponent(voxels: Int32Array, member: (v: number) => boolean, volume: Pick<Volume, 'voxels' | 'dims' | 'spacing'>): ComponentMeasures {
  const [nx, ny, nz] = volume.dims;
  const [sx, sy, sz] = volume.spacing;
  const plane = nx * ny;
  let sum = 0;
  let interiorSum = 0;
  let interior = 0;
  let ci = 0;
  let cj = 0;
  let ck = 0;
  const surface: number[] = [];
  for (const v of voxels) {
    sum += volume.voxels[v] as number;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / plane);
    ci += i;
    cj += j;
    ck += k;
    const onSurface = i === 0 || i === nx - 1 || j === 0 || j === ny - 1 || k === 0 || k === nz - 1
      || !member(v - 1) || !member(v + 1) || !member(v - nx) || !member(v + nx) || !member(v - plane) || !member(v + plane);
    if (onSurface) surface.push(v);
    else {
      interiorSum += volume.voxels[v] as number;
      interior++;
    }
  }
  const n = Math.max(1, voxels.length);
  const step = Math.max(1, Math.ceil(surface.length / MAX_SURFACE));
  const points = surface.filter((_, p) => p % step === 0).map((v) => [(v % nx) * sx, (Math.floor(v / nx) % ny) * sy, Math.floor(v / plane) * sz] as const);
  let best = 0;
  let along: readonly [number, number, number] = [1, 0, 0];
  for (let a = 0; a < points.length; a++) {
    const p = points[a] as readonly [number, number, number];
    for (let b = a + 1; b < points.length; b++) {
      const q = points[b] as readonly [number, number, number];
      const d2 = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
      if (d2 > best) {
        best = d2;
        along = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
      }
    }
  }
  const length = Math.sqrt(best);
  // One voxel's extent along the diameter's direction.
  const u = length > 0 ? along.map((c) => c / length) : [1, 0, 0];
  const extent = Math.hypot((u[0] ?? 0) * sx, (u[1] ?? 0) * sy, (u[2] ?? 0) * sz);
  return {
    volumeMl: voxels.length * voxelMillilitres(volume.spacing),
    meanValue: interior > 0 ? interiorSum / interior : sum / n,
    longestDiameterMm: voxels.length > 0 ? length + extent : 0,
    centroid: [ci / n, cj / n, ck / n],
  };
}
