// Two lungs joined into one component (across a thin anterior or posterior junction, or by airways the
// airway removal left) are parted the usual way: erode until the component falls apart into two large
// pieces, then give every voxel of the original component to the piece it is nearest to within the
// component (a breadth-first race from both pieces). Works inside the component's bounding box only.
import { connectedComponents, paintComponent, type Labelled } from './components.ts';
import type { Vec3 } from './volume.ts';

/** The smaller piece must hold at least this share of the eroded voxels to count as a lung. */
const MIN_SHARE = 0.15;
const MAX_DEPTH = 40;

/**
 * City-block distance (voxels, capped at 255) of each voxel of `inside` to the nearest outside voxel;
 * two passes. The grid has a border of outside voxels, so no neighbour needs a bounds check.
 */
function distance(inside: Uint8Array, [nx, ny]: Vec3): Uint8Array {
  const d = new Uint8Array(inside.length);
  const plane = nx * ny;
  for (let v = plane; v < d.length - plane; v++) {
    if (inside[v]) d[v] = Math.min(255, Math.min(d[v - 1] as number, d[v - nx] as number, d[v - plane] as number) + 1);
  }
  for (let v = d.length - plane - 1; v >= plane; v--) {
    if (inside[v]) d[v] = Math.min(d[v] as number, Math.min(d[v + 1] as number, d[v + nx] as number, d[v + plane] as number) + 1);
  }
  return d;
}

/** The two pieces the component falls into at the smallest erosion depth that parts it, or null. */
function parting(dist: Uint8Array, dims: Vec3): Labelled | null {
  const state = new Uint8Array(dist.length);
  for (let depth = 2; depth <= MAX_DEPTH; depth += 2) {
    let total = 0;
    for (let v = 0; v < dist.length; v++) {
      const keep = (dist[v] as number) > depth;
      state[v] = keep ? 1 : 0;
      if (keep) total++;
    }
    if (total === 0) return null;
    const pieces = connectedComponents(state, dims);
    const [, b] = pieces.components;
    if (b && b.size >= MIN_SHARE * total) return pieces;
  }
  return null;
}

/**
 * Splits component `index` of `labelled` (a volume's components) into two labels written to `labels`
 * (volume order). Returns false, writing nothing, when no erosion parts it.
 */
export function splitJoinedLungs(labelled: Labelled, index: number, labels: Uint8Array, first: number, second: number): boolean {
  const { runs } = labelled;
  const [nx, ny] = runs.dims;
  const box = (labelled.components[index] as Labelled['components'][number]).box;
  // The box with a border of one outside voxel on every side.
  const dims: Vec3 = [box.max[0] - box.min[0] + 3, box.max[1] - box.min[1] + 3, box.max[2] - box.min[2] + 3];
  const subRow = (r: number): number => {
    const j = r % ny;
    return dims[0] * (j - box.min[1] + 1 + dims[1] * ((r - j) / ny - box.min[2] + 1)) - box.min[0] + 1;
  };
  const inside = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let n = 0; n < runs.count; n++) {
    if (labelled.componentOfRun[n] !== index) continue;
    const at = subRow(runs.rowOf[n] as number);
    inside.fill(1, at + (runs.start[n] as number), at + (runs.end[n] as number));
  }
  const pieces = parting(distance(inside, dims), dims);
  if (!pieces) return false;
  // Race: both eroded pieces grow one voxel layer at a time through the component (inside = 1).
  const owner = new Uint8Array(inside.length);
  paintComponent(pieces, 0, owner, 1);
  paintComponent(pieces, 1, owner, 2);
  race(owner, inside, dims);
  for (let n = 0; n < runs.count; n++) {
    if (labelled.componentOfRun[n] !== index) continue;
    const r = runs.rowOf[n] as number;
    const at = subRow(r);
    const row = r * nx;
    for (let i = runs.start[n] as number; i < (runs.end[n] as number); i++) labels[row + i] = owner[at + i] === 2 ? second : first;
  }
  return true;
}

function race(owner: Uint8Array, inside: Uint8Array, [nx, ny]: Vec3): void {
  const plane = nx * ny;
  let size = 0;
  for (let v = 0; v < inside.length; v++) if (inside[v]) size++;
  const queue = new Int32Array(size);
  let tail = 0;
  for (let v = 0; v < owner.length; v++) if (owner[v]) queue[tail++] = v;
  // The border keeps every neighbour of an inside voxel in the grid.
  for (let head = 0; head < tail; head++) {
    const v = queue[head] as number;
    const o = owner[v] as number;
    if (inside[v - 1] && !owner[v - 1]) (owner[v - 1] = o), (queue[tail++] = v - 1);
    if (inside[v + 1] && !owner[v + 1]) (owner[v + 1] = o), (queue[tail++] = v + 1);
    if (inside[v - nx] && !owner[v - nx]) (owner[v - nx] = o), (queue[tail++] = v - nx);
    if (inside[v + nx] && !owner[v + nx]) (owner[v + nx] = o), (queue[tail++] = v + nx);
    if (inside[v - plane] && !owner[v - plane]) (owner[v - plane] = o), (queue[tail++] = v - plane);
    if (inside[v + plane] && !owner[v + plane]) (owner[v + plane] = o), (queue[tail++] = v + plane);
  }
}
