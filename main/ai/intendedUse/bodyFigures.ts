// What one axial CT slice shows of the body, measured from the pixels (not from tags): the body's
// cross-section (the largest connected region above -500 HU, so the table and the air around the
// patient are left out), its width and depth in mm, and the lung-density air enclosed by it (pixels
// below -400 HU that the outside air cannot reach within the slice: lungs and trachea in a chest; only
// sinuses and mastoid cells in a head). Coordinates: row-major HU, spacing [between rows, between
// columns] mm as DICOM PixelSpacing gives it.

export interface BodyFigures {
  /** Left-right extent of the body region (columns), mm. */
  widthMm: number;
  /** Anterior-posterior extent (rows), mm. */
  depthMm: number;
  /** Area of the body region, cm^2. */
  bodyCm2: number;
  /** Area inside the body's outline (the body region and everything it encloses), cm^2. */
  crossSectionCm2: number;
  /** Area of lung-density air (< -400 HU) enclosed by the body, cm^2. */
  innerAirCm2: number;
}

/** Tissue and bone: what the body region is made of (lung parenchyma is below it). */
const BODY_HU = -500;
/** Air and aerated lung: what the enclosed-air count takes. */
const AIR_HU = -400;

/** Labels the 4-connected region of `inside` pixels around `seed` with `mark`; returns its size. */
function flood(state: Uint8Array, columns: number, seed: number, from: number, mark: number, stack: Int32Array): number {
  let top = 0;
  let size = 0;
  stack[top++] = seed;
  state[seed] = mark;
  const plane = state.length;
  while (top > 0) {
    const p = stack[--top] as number;
    size++;
    const x = p % columns;
    for (let n = 0; n < 4; n++) {
      const q = n === 0 ? (x > 0 ? p - 1 : -1) : n === 1 ? (x < columns - 1 ? p + 1 : -1) : n === 2 ? p - columns : p + columns;
      if (q < 0 || q >= plane || state[q] !== from) continue;
      state[q] = mark;
      stack[top++] = q;
    }
  }
  return size;
}

export function bodyFigures(hu: Float32Array, rows: number, columns: number, pixelSpacing: readonly number[]): BodyFigures {
  const plane = rows * columns;
  // 1 body candidate, 0 other; the largest candidate region becomes 3, the others go back to 0.
  const state = new Uint8Array(plane);
  for (let p = 0; p < plane; p++) state[p] = (hu[p] as number) > BODY_HU ? 1 : 0;
  const stack = new Int32Array(plane);
  let best = -1;
  let bestSize = 0;
  for (let p = 0; p < plane; p++) {
    if (state[p] !== 1) continue;
    const size = flood(state, columns, p, 1, 2, stack);
    if (size > bestSize) [best, bestSize] = [p, size];
  }
  const [rowMm = 1, columnMm = 1] = pixelSpacing;
  const pixelCm2 = (rowMm * columnMm) / 100;
  if (best < 0) return { widthMm: 0, depthMm: 0, bodyCm2: 0, crossSectionCm2: 0, innerAirCm2: 0 };
  flood(state, columns, best, 2, 3, stack);
  // Everything not body (other regions included) is 0 now; the outside is what the border reaches.
  for (let p = 0; p < plane; p++) if (state[p] !== 3) state[p] = 0;
  for (let x = 0; x < columns; x++) {
    for (const p of [x, (rows - 1) * columns + x]) if (state[p] === 0) flood(state, columns, p, 0, 4, stack);
  }
  for (let y = 0; y < rows; y++) {
    for (const p of [y * columns, y * columns + columns - 1]) if (state[p] === 0) flood(state, columns, p, 0, 4, stack);
  }
  let minX = columns, maxX = -1, minY = rows, maxY = -1, innerAir = 0, enclosed = 0;
  for (let p = 0; p < plane; p++) {
    if (state[p] === 0) enclosed++;
    if (state[p] === 0 && (hu[p] as number) < AIR_HU) innerAir++;
    if (state[p] !== 3) continue;
    const x = p % columns;
    const y = (p - x) / columns;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  return { widthMm: (maxX - minX + 1) * columnMm, depthMm: (maxY - minY + 1) * rowMm, bodyCm2: bestSize * pixelCm2, crossSectionCm2: (bestSize + enclosed) * pixelCm2, innerAirCm2: innerAir * pixelCm2 };
}
