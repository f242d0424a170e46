// Connected components (6-connected, 3D) of a 0/1 mask in a Volume's voxel order (column fastest, then
// row, then slice), labelled over runs: each row's stretches of 1-voxels are joined by union-find to
// the overlapping stretches of the row above and of the same row in the slice before. A CT has about a
// million runs where it has 70 million voxels, so this is one pass with no per-voxel allocation and no
// label volume (a 512 x 512 x 600 Int32 label map would be 630 MB).
import type { Vec3 } from './volume.ts';

/** Voxel index bounds, inclusive: [min column, min row, min slice], [max column, max row, max slice]. */
export interface Box {
  min: [number, number, number];
  max: [number, number, number];
}

/** Runs of 1-voxels: run n is columns start[n]..end[n]-1 of row rowOf[n] (row = j + rows * k); a row's runs are first[row]..first[row + 1]-1. */
export interface Runs {
  dims: Vec3;
  count: number;
  rowOf: Int32Array;
  start: Int32Array;
  end: Int32Array;
  first: Int32Array;
}

export interface Component {
  /** Voxels. */
  size: number;
  /** Touches the first or last row or column of some slice: air outside the patient reaches there. */
  touchesSide: boolean;
  /** Mean column, row and slice index. */
  centroid: Vec3;
  box: Box;
}

export interface Labelled {
  runs: Runs;
  /** Index into `components` of each run. */
  componentOfRun: Int32Array;
  /** Largest first. */
  components: Component[];
}

/** Int32 storage that doubles when full (small at first: a slice's runs are a few hundred). */
class Growing {
  data = new Int32Array(1 << 10);
  push(n: number, value: number): void {
    if (n === this.data.length) {
      const grown = new Int32Array(n * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[n] = value;
  }
}

/** The runs of the 1-voxels of `mask` (0/1). Native indexOf finds the runs' ends, so empty space costs little. */
export function maskRuns(mask: Uint8Array, dims: Vec3): Runs {
  const [nx, ny, nz] = dims;
  const rows = ny * nz;
  const rowOf = new Growing();
  const start = new Growing();
  const end = new Growing();
  const first = new Int32Array(rows + 1);
  let n = 0;
  let p = mask.indexOf(1);
  // The next 0 at or after p: kept while a run of 1s spans rows, so no stretch is searched twice.
  let stop = -1;
  for (let r = 0; r < rows; r++) {
    first[r] = n;
    const rowEnd = (r + 1) * nx;
    while (p >= 0 && p < rowEnd) {
      if (stop < p) stop = mask.indexOf(0, p);
      if (stop < 0) stop = mask.length;
      const last = stop > rowEnd ? rowEnd : stop;
      rowOf.push(n, r);
      start.push(n, p - r * nx);
      end.push(n++, last - r * nx);
      p = last === rowEnd ? mask.indexOf(1, rowEnd) : mask.indexOf(1, last);
    }
  }
  first[rows] = n;
  return { dims, count: n, rowOf: rowOf.data.slice(0, n), start: start.data.slice(0, n), end: end.data.slice(0, n), first };
}

function find(parent: Int32Array, a: number): number {
  let root = a;
  while (parent[root] !== root) root = parent[root] as number;
  while (parent[a] !== root) {
    const next = parent[a] as number;
    parent[a] = root;
    a = next;
  }
  return root;
}

/** Joins every run of row `r` to each run of row `q` that shares a column with it (both lists sorted). */
function joinRows(runs: Runs, parent: Int32Array, r: number, q: number): void {
  let b = runs.first[q] as number;
  const bEnd = runs.first[q + 1] as number;
  for (let a = runs.first[r] as number; a < (runs.first[r + 1] as number) && b < bEnd; ) {
    if ((runs.end[b] as number) <= (runs.start[a] as number)) b++;
    else if ((runs.end[a] as number) <= (runs.start[b] as number)) a++;
    else {
      const ra = find(parent, a);
      const rb = find(parent, b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      if ((runs.end[a] as number) < (runs.end[b] as number)) a++;
      else b++;
    }
  }
}

/** The 6-connected components of the 1-voxels of `mask` (0/1), largest first. */
export function connectedComponents(mask: Uint8Array, dims: Vec3): Labelled {
  const runs = maskRuns(mask, dims);
  const [nx, ny] = dims;
  const parent = new Int32Array(runs.count);
  for (let n = 0; n < runs.count; n++) parent[n] = n;
  const rows = runs.first.length - 1;
  for (let r = 0; r < rows; r++) {
    if (r % ny > 0) joinRows(runs, parent, r, r - 1);
    if (r >= ny) joinRows(runs, parent, r, r - ny);
  }
  // Roots get dense ids in run order; statistics per id.
  const idOfRoot = new Int32Array(runs.count).fill(-1);
  const componentOfRun = new Int32Array(runs.count);
  const stats: Array<{ size: number; si: number; sj: number; sk: number; side: boolean; box: Box }> = [];
  for (let n = 0; n < runs.count; n++) {
    const root = find(parent, n);
    let id = idOfRoot[root] as number;
    if (id < 0) {
      id = idOfRoot[root] = stats.length;
      stats.push({ size: 0, si: 0, sj: 0, sk: 0, side: false, box: { min: [nx, ny, dims[2]], max: [0, 0, 0] } });
    }
    componentOfRun[n] = id;
    const s = stats[id] as (typeof stats)[number];
    const r = runs.rowOf[n] as number;
    const j = r % ny;
    const k = (r - j) / ny;
    const a = runs.start[n] as number;
    const b = (runs.end[n] as number) - 1;
    const length = b - a + 1;
    s.size += length;
    s.si += ((a + b) * length) / 2;
    s.sj += j * length;
    s.sk += k * length;
    if (a === 0 || b === nx - 1 || j === 0 || j === ny - 1) s.side = true;
    const { min, max } = s.box;
    if (a < min[0]) min[0] = a;
    if (b > max[0]) max[0] = b;
    if (j < min[1]) min[1] = j;
    if (j > max[1]) max[1] = j;
    if (k < min[2]) min[2] = k;
    if (k > max[2]) max[2] = k;
  }
  const order = stats.map((_, id) => id).sort((x, y) => (stats[y] as (typeof stats)[number]).size - (stats[x] as (typeof stats)[number]).size);
  const rank = new Int32Array(stats.length);
  order.forEach((id, n) => (rank[id] = n));
  for (let n = 0; n < runs.count; n++) componentOfRun[n] = rank[componentOfRun[n] as number] as number;
  const components = order.map((id): Component => {
    const s = stats[id] as (typeof stats)[number];
    return { size: s.size, touchesSide: s.side, centroid: [s.si / s.size, s.sj / s.size, s.sk / s.size], box: s.box };
  });
  return { runs, componentOfRun, components };
}

/** Writes `value` into `target` (volume order) at every voxel of component `index`. */
export function paintComponent(labelled: Labelled, index: number, target: Uint8Array, value: number): void {
  const { runs, componentOfRun } = labelled;
  const nx = runs.dims[0];
  for (let n = 0; n < runs.count; n++) {
    if (componentOfRun[n] !== index) continue;
    const row = (runs.rowOf[n] as number) * nx;
    target.fill(value, row + (runs.start[n] as number), row + (runs.end[n] as number));
  }
}

/**
 * In each slice, fills the 0-voxels of `mask` enclosed by voxels of `label` (not reachable from the
 * edge of `box`, the label's bounds, through voxels that are not `label`) with `label`: a 4-connected
 * fill from the box's edge with one preallocated stack. Working inside the box keeps this to the lungs' area.
 */
export function fillHolesPerSlice(mask: Uint8Array, [nx, ny]: Vec3, label: number, box: Box): void {
  const x0 = Math.max(0, box.min[0] - 1);
  const y0 = Math.max(0, box.min[1] - 1);
  const bx = Math.min(nx - 1, box.max[0] + 1) - x0 + 1;
  const by = Math.min(ny - 1, box.max[1] + 1) - y0 + 1;
  // 0: this label; 1: not this label (may be a hole); 2: reached from the box's edge.
  const state = new Uint8Array(bx * by);
  const stack = new Int32Array(bx * by);
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    const offset = k * nx * ny;
    for (let j = 0; j < by; j++) {
      const m = offset + (y0 + j) * nx + x0;
      for (let i = 0; i < bx; i++) state[j * bx + i] = mask[m + i] === label ? 0 : 1;
    }
    let top = 0;
    const seed = (p: number): void => {
      if (state[p] === 1) {
        state[p] = 2;
        stack[top++] = p;
      }
    };
    for (let i = 0; i < bx; i++) seed(i), seed((by - 1) * bx + i);
    for (let j = 0; j < by; j++) seed(j * bx), seed(j * bx + bx - 1);
    while (top > 0) {
      const p = stack[--top] as number;
      const i = p % bx;
      if (i > 0 && state[p - 1] === 1) (state[p - 1] = 2), (stack[top++] = p - 1);
      if (i < bx - 1 && state[p + 1] === 1) (state[p + 1] = 2), (stack[top++] = p + 1);
      if (p >= bx && state[p - bx] === 1) (state[p - bx] = 2), (stack[top++] = p - bx);
      if (p < bx * (by - 1) && state[p + bx] === 1) (state[p + bx] = 2), (stack[top++] = p + bx);
    }
    for (let j = 0; j < by; j++) {
      const m = offset + (y0 + j) * nx + x0;
      for (let i = 0; i < bx; i++) if (state[j * bx + i] === 1 && mask[m + i] === 0) mask[m + i] = label;
    }
  }
}
