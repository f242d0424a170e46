// Removes the trachea and main bronchi from a lung mask, as quantitative CT tools do before measuring
// the lungs: their air is not parenchyma, and they join both lungs into one piece. The trachea is the
// air column at the midline of the most superior slices; it is followed down slice by slice (each
// slice's 2D pieces of the mask that overlap the airway of the slice above), through the carina into
// both main bronchi, and each branch stops where its cross-section jumps or it stops being mostly air:
// there it has entered a lung, whose slice is one piece with it (a leak check, as in explosion-controlled
// region growing). "Mostly air" is the model's below -950 HU channel: on LIDC-IDRI-0314 the airway's
// pieces are 52-83 % below -950 HU, the lungs' 1-21 %, so a lung apex near the midline is not taken for
// the trachea.
import { connectedComponents, type Runs } from './components.ts';
import type { Volume } from './volume.ts';

type Grid = Omit<Volume, 'voxels'>;

/** The trachea's start must lie within this distance of the midline (left-right). */
const MIDLINE_MM = 30;
/** Cross-section of the trachea's start: above noise, below a lung apex's slice. */
const MIN_START_MM2 = 20;
/** No airway piece of one slice is larger than this (an adult trachea is about 2-3 cm²). */
const MAX_PIECE_MM2 = 1000;
/** A piece larger than the airway above it times this, plus the slack, has joined a lung. */
const LEAK_FACTOR = 2;
const LEAK_SLACK_MM2 = 50;
/** The trachea is looked for this far below the mask's top. */
const START_SEARCH_MM = 30;
/** An airway piece has at least this share of its voxels below -950 HU. */
const MIN_AIR_SHARE = 0.4;

/**
 * Clears the airways from `mask` (0/1, volume order; the lungs with whatever air joins them) and returns
 * how many voxels were cleared. `air` (0/1, volume order) marks the voxels below -950 HU; `midColumn` is
 * the column of the patient's midline (between the lungs). Only for axial series: the airway is followed
 * along the slices.
 */
export function removeAirways(mask: Uint8Array, air: Uint8Array, grid: Grid, midColumn: number): number {
  const [nx, ny, nz] = grid.dims;
  const plane = nx * ny;
  const up = grid.direction[2][2];
  if (Math.abs(up) < 0.9) return 0;
  const pixelMm2 = grid.spacing[0] * grid.spacing[1];
  const step = up > 0 ? -1 : 1;
  // Airway piece of each pixel in the slice above (piece number + 1), and each piece's area in pixels.
  let above = new Int32Array(plane);
  let here = new Int32Array(plane);
  let aboveAreas: number[] = [];
  let topMm: number | null = null;
  let cleared = 0;
  for (let k = up > 0 ? nz - 1 : 0; k >= 0 && k < nz; k += step) {
    const slice = mask.subarray(k * plane, (k + 1) * plane);
    const { runs, componentOfRun, components } = connectedComponents(slice, [nx, ny, 1]);
    if (components.length === 0 && topMm === null) continue;
    const hereAreas: number[] = [];
    const accepted = new Int32Array(components.length);
    const airShare = airShares(runs, componentOfRun, components.length, air.subarray(k * plane, (k + 1) * plane));
    if (aboveAreas.length === 0) {
      // Not started: the trachea's start is the largest midline piece of a plausible size.
      const mm = k * grid.spacing[2];
      topMm ??= mm;
      if (Math.abs(mm - topMm) > START_SEARCH_MM) return cleared;
      const start = components.findIndex(
        (c, n) => Math.abs(c.centroid[0] - midColumn) * grid.spacing[0] <= MIDLINE_MM && c.size * pixelMm2 >= MIN_START_MM2 && c.size * pixelMm2 <= MAX_PIECE_MM2 && (airShare[n] as number) >= MIN_AIR_SHARE,
      );
      if (start < 0) continue;
      accepted[start] = 1;
    } else {
      // Which airway pieces above each piece overlaps, and their area.
      const overlapArea = new Float64Array(components.length);
      const seen = new Set<number>();
      const pieces = aboveAreas.length + 1;
      for (let n = 0; n < runs.count; n++) {
        const c = componentOfRun[n] as number;
        const row = (runs.rowOf[n] as number) * nx;
        for (let p = row + (runs.start[n] as number); p < row + (runs.end[n] as number); p++) {
          const piece = above[p] as number;
          if (piece > 0 && !seen.has(c * pieces + piece)) {
            seen.add(c * pieces + piece);
            overlapArea[c] = (overlapArea[c] as number) + (aboveAreas[piece - 1] as number);
          }
        }
      }
      components.forEach((c, n) => {
        const over = overlapArea[n] as number;
        const grown = c.size * pixelMm2 > LEAK_FACTOR * over * pixelMm2 + LEAK_SLACK_MM2;
        if (over > 0 && c.size * pixelMm2 <= MAX_PIECE_MM2 && !grown && (airShare[n] as number) >= MIN_AIR_SHARE) accepted[n] = 1;
      });
    }
    here.fill(0);
    const pieceOf = new Int32Array(components.length);
    components.forEach((c, n) => {
      if (accepted[n]) pieceOf[n] = hereAreas.push(c.size);
    });
    if (hereAreas.length === 0) return cleared;
    for (let n = 0; n < runs.count; n++) {
      const piece = pieceOf[componentOfRun[n] as number] as number;
      if (piece === 0) continue;
      const row = (runs.rowOf[n] as number) * nx;
      here.fill(piece, row + (runs.start[n] as number), row + (runs.end[n] as number));
      slice.fill(0, row + (runs.start[n] as number), row + (runs.end[n] as number));
      cleared += (runs.end[n] as number) - (runs.start[n] as number);
    }
    [above, here] = [here, above];
    aboveAreas = hereAreas;
  }
  return cleared;
}

/** Share of each piece's voxels that are air (below -950 HU). */
function airShares(runs: Runs, componentOfRun: Int32Array, count: number, air: Uint8Array): Float64Array {
  const inAir = new Float64Array(count);
  const size = new Float64Array(count);
  const nx = runs.dims[0];
  for (let n = 0; n < runs.count; n++) {
    const c = componentOfRun[n] as number;
    const row = (runs.rowOf[n] as number) * nx;
    for (let p = row + (runs.start[n] as number); p < row + (runs.end[n] as number); p++) inAir[c] = (inAir[c] as number) + (air[p] as number);
    size[c] = (size[c] as number) + (runs.end[n] as number) - (runs.start[n] as number);
  }
  return inAir.map((a, c) => a / Math.max(1, size[c] as number));
}
