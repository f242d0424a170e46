// Which of the model's lung-candidate voxels (air and aerated tissue, after closing) are the lungs:
// components that reach a slice's edge are the air around the patient; of the others, the two largest
// are the lungs with whatever air joins them. The trachea and main bronchi are removed (airways.ts);
// then the two largest components are the lungs, labelled by side (LPS: +x is the patient's left), and
// lungs still joined into one (an anterior junction) are parted by erosion (splitLungs.ts). Each lung's
// holes are filled slice by slice (vessels and nodules inside the parenchyma count as lung, as
// quantitative CT counts them).
import { removeAirways } from './airways.ts';
import { connectedComponents, fillHolesPerSlice, paintComponent, type Box, type Component, type Labelled } from './components.ts';
import { LEFT_LUNG, RIGHT_LUNG } from './biomarkers.ts';
import { splitJoinedLungs } from './splitLungs.ts';
import { patientPosition, voxelMillilitres, type Volume } from './volume.ts';

export interface LungMask {
  /** 0 other, 1 right lung, 2 left lung; in the volume's voxel order. */
  labels: Uint8Array;
  /** Sentences for the results when the mask is not what a chest CT gives (one lung, none). */
  warnings: string[];
}

/** A component smaller than this is not a lung (bowel gas, an air pocket in the table, a lone trachea). */
const MIN_LUNG_ML = 100;
/** A second component under this share of the first is not the other lung: the two are joined. */
const MIN_SECOND_SHARE = 0.2;

type Grid = Omit<Volume, 'voxels'>;

/** Indices of the components inside the patient (not touching a slice's edge) of at least MIN_LUNG_ML, largest first, at most two. */
function lungSized(labelled: Labelled, grid: Grid): number[] {
  const ml = voxelMillilitres(grid.spacing);
  const found: number[] = [];
  labelled.components.forEach((c, n) => {
    if (found.length < 2 && !c.touchesSide && c.size * ml >= MIN_LUNG_ML) found.push(n);
  });
  return found;
}

/**
 * `candidate` (0/1, the model's channel 0) is used up: its buffer becomes the labels (one volume of bytes
 * fewer at the peak). `air` (0/1, the channel below -950 HU) tells the airways from the lungs.
 */
export function lungMask(candidate: Uint8Array, air: Uint8Array, grid: Grid): LungMask {
  // 1. The lungs and what joins them, airways removed.
  const all = connectedComponents(candidate, grid.dims);
  const kept = lungSized(all, grid);
  if (kept.length === 0) return { labels: candidate.fill(0), warnings: ['No lung was found in this series.'] };
  candidate.fill(0);
  for (const n of kept) paintComponent(all, n, candidate, 1);
  const boxes = kept.map((n) => (all.components[n] as Component).box);
  const midColumn = (Math.min(...boxes.map((b) => b.min[0])) + Math.max(...boxes.map((b) => b.max[0]))) / 2;
  removeAirways(candidate, air, grid, midColumn);
  // 2. The lungs among what is left.
  const lungs = connectedComponents(candidate, grid.dims);
  // From here the runs hold the lungs' voxels, so the candidate's bytes are free for the labels.
  const labels = candidate.fill(0);
  const [largest, second] = lungSized(lungs, grid).map((n) => ({ n, c: lungs.components[n] as Component }));
  if (!largest) return { labels, warnings: ['No lung was found in this series.'] };
  const side = (c: Component): number => patientPosition(grid, ...c.centroid)[0];
  const warnings: string[] = [];
  const painted: Array<[number, Box]> = [];
  if (second && second.c.size >= MIN_SECOND_SHARE * largest.c.size) {
    const [right, left] = side(largest.c) < side(second.c) ? [largest, second] : [second, largest];
    paintComponent(lungs, right.n, labels, RIGHT_LUNG);
    paintComponent(lungs, left.n, labels, LEFT_LUNG);
    painted.push([RIGHT_LUNG, right.c.box], [LEFT_LUNG, left.c.box]);
  } else if (splitJoinedLungs(lungs, largest.n, labels, 1, 2)) {
    orderBySide(labels, largest.c.box, grid);
    // Each lung's own bounds: hole filling then covers about half the joined box's voxels per lung.
    painted.push(...labelBoxes(labels, largest.c.box, grid, [RIGHT_LUNG, LEFT_LUNG]));
  } else {
    const label = side(largest.c) > 0 ? LEFT_LUNG : RIGHT_LUNG;
    paintComponent(lungs, largest.n, labels, label);
    painted.push([label, largest.c.box]);
    warnings.push('Only one lung region was found: one lung may be missing or collapsed.');
  }
  for (const [label, box] of painted) fillHolesPerSlice(labels, grid.dims, label, box);
  return { labels, warnings };
}

/** After a split the pieces are labelled 1 and 2 in no particular order: make 1 the patient's right. */
function orderBySide(labels: Uint8Array, box: Box, grid: Grid): void {
  const [nx, ny] = grid.dims;
  const sum = [0, 0];
  const count = [0, 0];
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      const row = (k * ny + j) * nx;
      for (let i = box.min[0]; i <= box.max[0]; i++) {
        const l = (labels[row + i] as number) - 1;
        if (l < 0) continue;
        sum[l] = (sum[l] as number) + i;
        count[l] = (count[l] as number) + 1;
      }
    }
  }
  const meanColumn = (l: number): number => (sum[l] as number) / Math.max(1, count[l] as number);
  const x = (l: number): number => patientPosition(grid, meanColumn(l), 0, 0)[0] - patientPosition(grid, 0, 0, 0)[0];
  if (x(0) <= x(1)) return;
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      const row = (k * ny + j) * nx;
      for (let i = box.min[0]; i <= box.max[0]; i++) {
        const l = labels[row + i] as number;
        if (l === 1 || l === 2) labels[row + i] = 3 - l;
      }
    }
  }
}

/** The bounds of each of `values` in `labels`, looked for inside `box`. */
function labelBoxes(labels: Uint8Array, box: Box, grid: Grid, values: readonly number[]): Array<[number, Box]> {
  const [nx, ny] = grid.dims;
  const boxes = values.map((): Box => ({ min: [nx, ny, grid.dims[2]], max: [0, 0, 0] }));
  const slot = new Int8Array(256).fill(-1);
  values.forEach((value, n) => (slot[value] = n));
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      const row = (k * ny + j) * nx;
      for (let i = box.min[0]; i <= box.max[0]; i++) {
        const n = slot[labels[row + i] as number] as number;
        if (n < 0) continue;
        const { min, max } = boxes[n] as Box;
        if (i < min[0]) min[0] = i;
        if (i > max[0]) max[0] = i;
        if (j < min[1]) min[1] = j;
        if (j > max[1]) max[1] = j;
        if (k < min[2]) min[2] = k;
        if (k > max[2]) max[2] = k;
      }
    }
  }
  return values.map((value, n): [number, Box] => [value, boxes[n] as Box]).filter(([, b]) => b.min[0] <= b.max[0]);
}
