// Connected components (6-connected, 3D) and hole filling over 0/1 masks in a Volume's voxel order
// (column fastest, then row, then slice). Flood fills with a growing ring queue: no label volume is
// kept (a 512 x 512 x 600 Int32 label map would be 630 MB); a component is found again from its seed.
import type { Vec3 } from './volume.ts';

export interface Component {
  /** Index of its first voxel in scan order. */
  seed: number;
  /** Voxels. */
  size: number;
  /** Touches the first or last row or column of some slice: air outside the patient reaches there. */
  touchesSide: boolean;
  /** Mean column, row and slice index. */
  centroid: Vec3;
}

class RingQueue {
  private items = new Int32Array(1 << 16);
  private head = 0;
  private count = 0;
  push(value: number): void {
    if (this.count === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      for (let n = 0; n < this.count; n++) grown[n] = this.items[(this.head + n) % this.items.length] as number;
      this.items = grown;
      this.head = 0;
    }
    this.items[(this.head + this.count++) % this.items.length] = value;
  }
  shift(): number {
    const value = this.items[this.head] as number;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    return value;
  }
  get size(): number {
    return this.count;
  }
}

/** Sets every voxel of value `from` 6-connected to `seed` to `to`; calls `visit` for each. */
export function flood(state: Uint8Array, [nx, ny, nz]: Vec3, seed: number, from: number, to: number, visit: (index: number) => void): void {
  const plane = nx * ny;
  const queue = new RingQueue();
  state[seed] = to;
  queue.push(seed);
  while (queue.size > 0) {
    const v = queue.shift();
    visit(v);
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / plane);
    const next = (n: number): void => {
      if (state[n] === from) {
        state[n] = to;
        queue.push(n);
      }
    };
    if (i > 0) next(v - 1);
    if (i < nx - 1) next(v + 1);
    if (j > 0) next(v - nx);
    if (j < ny - 1) next(v + nx);
    if (k > 0) next(v - plane);
    if (k < nz - 1) next(v + plane);
  }
}

/** The components of the 1-voxels of `state`, largest first; afterwards those voxels hold 2. */
export function connectedComponents(state: Uint8Array, dims: Vec3): Component[] {
  const [nx, ny] = dims;
  const found: Component[] = [];
  for (let seed = 0; seed < state.length; seed++) {
    if (state[seed] !== 1) continue;
    let size = 0;
    let touchesSide = false;
    let si = 0;
    let sj = 0;
    let sk = 0;
    flood(state, dims, seed, 1, 2, (v) => {
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      size++;
      si += i;
      sj += j;
      sk += Math.floor(v / (nx * ny));
      if (i === 0 || j === 0 || i === nx - 1 || j === ny - 1) touchesSide = true;
    });
    found.push({ seed, size, touchesSide, centroid: [si / size, sj / size, sk / size] });
  }
  return found.sort((a, b) => b.size - a.size);
}

/** Voxel index bounds, inclusive: [min column, min row, min slice], [max column, max row, max slice]. */
export interface Box {
  min: [number, number, number];
  max: [number, number, number];
}

/**
 * In each slice, fills the 0-voxels of `mask` enclosed by voxels of `label` (not reachable from the
 * edge of `box`, the label's bounds) with `label`. Working inside the box keeps this to the lungs' area.
 */
export function fillHolesPerSlice(mask: Uint8Array, [nx, ny]: Vec3, label: number, box: Box): void {
  const x0 = Math.max(0, box.min[0] - 1);
  const y0 = Math.max(0, box.min[1] - 1);
  const bx = Math.min(nx - 1, box.max[0] + 1) - x0 + 1;
  const by = Math.min(ny - 1, box.max[1] + 1) - y0 + 1;
  const outside = new Uint8Array(bx * by);
  const dims: Vec3 = [bx, by, 1];
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    const offset = k * nx * ny;
    // 1: not this label (may be a hole); 2: reached from the box's edge.
    for (let j = 0; j < by; j++) for (let i = 0; i < bx; i++) outside[j * bx + i] = mask[offset + (y0 + j) * nx + x0 + i] === label ? 0 : 1;
    const edge = (p: number): void => {
      if (outside[p] === 1) flood(outside, dims, p, 1, 2, () => undefined);
    };
    for (let i = 0; i < bx; i++) [i, (by - 1) * bx + i].forEach(edge);
    for (let j = 0; j < by; j++) [j * bx, j * bx + bx - 1].forEach(edge);
    for (let j = 0; j < by; j++) {
      for (let i = 0; i < bx; i++) {
        const m = offset + (y0 + j) * nx + x0 + i;
        if (outside[j * bx + i] === 1 && mask[m] === 0) mask[m] = label;
      }
    }
  }
}
