// Two lungs joined into one component (by the trachea and main bronchi, or across a thin anterior
// junction) are parted the usual way: erode until the component falls apart into two large pieces,
// then give every voxel of the original component to the piece it is nearest to within the component
// (a breadth-first race from both pieces). Works inside the component's bounding box only.
import { connectedComponents, flood, type Box } from './components.ts';
import type { Vec3 } from './volume.ts';

/** The smaller piece must hold at least this share of the eroded voxels to count as a lung. */
const MIN_SHARE = 0.15;
const MAX_DEPTH = 40;

interface Sub {
  dims: Vec3;
  box: Box;
}

/** City-block distance (voxels, capped at 255) of each voxel of `inside` to the nearest outside voxel; two passes. */
function distance(inside: Uint8Array, [nx, ny, nz]: Vec3): Uint8Array {
  const d = new Uint8Array(inside.length);
  const plane = nx * ny;
  for (let v = 0; v < d.length; v++) {
    if (!inside[v]) continue;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / plane);
    const a = i > 0 ? (d[v - 1] as number) : 0;
    const b = j > 0 ? (d[v - nx] as number) : 0;
    const c = k > 0 ? (d[v - plane] as number) : 0;
    d[v] = Math.min(255, Math.min(a, b, c) + 1);
  }
  for (let v = d.length - 1; v >= 0; v--) {
    if (!inside[v]) continue;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / plane);
    const a = i < nx - 1 ? (d[v + 1] as number) : 0;
    const b = j < ny - 1 ? (d[v + nx] as number) : 0;
    const c = k < nz - 1 ? (d[v + plane] as number) : 0;
    d[v] = Math.min(d[v] as number, Math.min(a, b, c) + 1);
  }
  return d;
}

/** Seeds of the two pieces the component falls into at the smallest erosion depth that parts it, or null. */
function parting(dist: Uint8Array, dims: Vec3): { depth: number; seeds: [number, number] } | null {
  const state = new Uint8Array(dist.length);
  for (let depth = 2; depth <= MAX_DEPTH; depth += 2) {
    let total = 0;
    for (let v = 0; v < dist.length; v++) {
      const keep = (dist[v] as number) > depth;
      state[v] = keep ? 1 : 0;
      if (keep) total++;
    }
    if (total === 0) return null;
    const [a, b] = connectedComponents(state, dims);
    if (a && b && b.size >= MIN_SHARE * total) return { depth, seeds: [a.seed, b.seed] };
  }
  return null;
}

/**
 * Splits the component whose voxels (volume indices) are `voxels`, inside `box`, into two labels written
 * to `labels` (volume order). Returns false, writing nothing, when no erosion parts it.
 */
export function splitJoinedLungs(voxels: Int32Array, box: Box, volumeDims: Vec3, labels: Uint8Array, first: number, second: number): boolean {
  const [nx, ny] = volumeDims;
  const dims: Vec3 = [box.max[0] - box.min[0] + 1, box.max[1] - box.min[1] + 1, box.max[2] - box.min[2] + 1];
  const sub: Sub = { dims, box };
  const toSub = (v: number): number => {
    const i = (v % nx) - box.min[0];
    const j = (Math.floor(v / nx) % ny) - box.min[1];
    const k = Math.floor(v / (nx * ny)) - box.min[2];
    return i + dims[0] * (j + dims[1] * k);
  };
  const inside = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const v of voxels) inside[toSub(v)] = 1;
  const dist = distance(inside, sub.dims);
  const parted = parting(dist, sub.dims);
  if (!parted) return false;
  // Race: both eroded pieces grow one voxel layer at a time through the component (inside = 1).
  const owner = new Uint8Array(inside.length);
  const queue: number[] = [];
  const pieces = Uint8Array.from(dist, (d) => (d > parted.depth ? 1 : 0));
  parted.seeds.forEach((seed, n) =>
    flood(pieces, sub.dims, seed, 1, 2, (v) => {
      owner[v] = n + 1;
      queue.push(v);
    }),
  );
  race(owner, inside, sub.dims, queue);
  for (const v of voxels) labels[v] = owner[toSub(v)] === 1 ? first : owner[toSub(v)] === 2 ? second : first;
  return true;
}

function race(owner: Uint8Array, inside: Uint8Array, [nx, ny, nz]: Vec3, queue: number[]): void {
  const plane = nx * ny;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number;
    const o = owner[v] as number;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / plane);
    const take = (n: number): void => {
      if (inside[n] === 1 && owner[n] === 0) {
        owner[n] = o;
        queue.push(n);
      }
    };
    if (i > 0) take(v - 1);
    if (i < nx - 1) take(v + 1);
    if (j > 0) take(v - nx);
    if (j < ny - 1) take(v + nx);
    if (k > 0) take(v - plane);
    if (k < nz - 1) take(v + plane);
  }
}
