// Which of the model's lung-candidate voxels (air and aerated tissue, after closing) are the lungs:
// components that reach a slice's edge are the air around the patient; of the others, the two largest
// are the lungs, labelled by side (LPS: +x is the patient's left). Lungs joined into one component
// (trachea, anterior junction) are parted by erosion (splitLungs.ts). Each lung's holes are filled
// slice by slice (vessels and nodules inside the parenchyma count as lung, as quantitative CT counts them).
import { connectedComponents, fillHolesPerSlice, flood, type Box, type Component } from './components.ts';
import { LEFT_LUNG, RIGHT_LUNG } from './biomarkers.ts';
import { splitJoinedLungs } from './splitLungs.ts';
import { patientPosition, voxelMillilitres, type Volume } from './volume.ts';

export interface LungMask {
  /** 0 other, 1 right lung, 2 left lung; in the volume's voxel order. */
  labels: Uint8Array;
  /** Sentences for the results when the mask is not what a chest CT gives (one lung, none). */
  warnings: string[];
}

/** A component smaller than this is not a lung (bowel gas, an air pocket in the table). */
const MIN_LUNG_ML = 100;
/** A second component under this share of the first is not the other lung: the two are joined. */
const MIN_SECOND_SHARE = 0.2;

type Grid = Omit<Volume, 'voxels'>;

/** Marks a component's voxels (2 -> 3 in `state`), returning them and their bounds. */
function take(state: Uint8Array, grid: Grid, c: Component): { voxels: Int32Array; box: Box } {
  const [nx, ny, nz] = grid.dims;
  const voxels = new Int32Array(c.size);
  const box: Box = { min: [nx, ny, nz], max: [0, 0, 0] };
  let n = 0;
  flood(state, grid.dims, c.seed, 2, 3, (v) => {
    voxels[n++] = v;
    const at = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))] as const;
    for (let a = 0; a < 3; a++) {
      box.min[a] = Math.min(box.min[a] as number, at[a] as number);
      box.max[a] = Math.max(box.max[a] as number, at[a] as number);
    }
  });
  return { voxels, box };
}

/** `candidate` (0/1, the model's channel 0) is used up: it is the flood fill's scratch space. */
export function lungMask(candidate: Uint8Array, grid: Grid): LungMask {
  const ml = voxelMillilitres(grid.spacing);
  const inside = connectedComponents(candidate, grid.dims).filter((c) => !c.touchesSide && c.size * ml >= MIN_LUNG_ML);
  const [largest, second] = inside;
  const labels = new Uint8Array(candidate.length);
  if (!largest) return { labels, warnings: ['No lung was found in this series.'] };
  const side = (c: Component): number => patientPosition(grid, ...c.centroid)[0];
  const warnings: string[] = [];
  const first = take(candidate, grid, largest);
  const boxes: Array<[number, Box]> = [];
  if (second && second.size >= MIN_SECOND_SHARE * largest.size) {
    const other = take(candidate, grid, second);
    const [right, left] = side(largest) < side(second) ? [first, other] : [other, first];
    for (const v of right.voxels) labels[v] = RIGHT_LUNG;
    for (const v of left.voxels) labels[v] = LEFT_LUNG;
    boxes.push([RIGHT_LUNG, right.box], [LEFT_LUNG, left.box]);
  } else if (splitJoinedLungs(first.voxels, first.box, grid.dims, labels, 1, 2)) {
    orderBySide(labels, first.voxels, grid);
    boxes.push([RIGHT_LUNG, first.box], [LEFT_LUNG, first.box]);
  } else {
    const label = side(largest) > 0 ? LEFT_LUNG : RIGHT_LUNG;
    for (const v of first.voxels) labels[v] = label;
    boxes.push([label, first.box]);
    warnings.push('Only one lung region was found: one lung may be missing or collapsed.');
  }
  for (const [label, box] of boxes) fillHolesPerSlice(labels, grid.dims, label, box);
  return { labels, warnings };
}

/** After a split the pieces are labelled 1 and 2 in no particular order: make 1 the patient's right. */
function orderBySide(labels: Uint8Array, voxels: Int32Array, grid: Grid): void {
  const [nx] = grid.dims;
  const sum = [0, 0];
  const count = [0, 0];
  for (const v of voxels) {
    const l = (labels[v] as number) - 1;
    sum[l] = (sum[l] as number) + (v % nx);
    count[l] = (count[l] as number) + 1;
  }
  const meanColumn = (l: number): number => (sum[l] as number) / Math.max(1, count[l] as number);
  const x = (l: number): number => patientPosition(grid, meanColumn(l), 0, 0)[0] - patientPosition(grid, 0, 0, 0)[0];
  if (x(0) <= x(1)) return;
  for (const v of voxels) labels[v] = labels[v] === 1 ? 2 : 1;
}
