// Sliding-window inference: the volume goes to the model in overlapping patches, and each patch's
// output is blended with Gaussian weights (highest at the patch centre, as nnU-Net and MONAI do), so
// the edges of a patch, where the model sees least context, count least. Memory is bounded: one patch
// in and out, an accumulator only for the slices the current row of patches covers (slices no later
// patch touches are thresholded and their accumulator space reused), and one byte per voxel for the
// result, each channel's decision a bit of it.
// The model is injected (`run`), so this works with any runtime and any model with a manifest.
import { voxelCount, type Vec3, type Volume } from './volume.ts';

/** Patch shape in model order: [depth (slices), height (rows), width (columns)]. */
export type PatchShape = readonly [number, number, number];

/** Runs the model on one patch of HU ([1, 1, D, H, W], C order); returns [1, C, D, H, W]. */
export type RunPatch = (patch: Float32Array, shape: PatchShape) => Promise<Float32Array>;

export interface SlidingWindowOptions {
  patch: PatchShape;
  /** Fraction of a patch shared with its neighbour along each axis, 0 <= overlap < 1. */
  overlap: number;
  /** Output channels of the model. */
  channels: number;
  /** A voxel is in a channel's mask where the blended output is at least this. */
  threshold: number;
  /** Gaussian sigma as a fraction of the patch size (nnU-Net: 1/8). */
  sigmaScale?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Starts of the patches along one axis: evenly spread, the first at 0 and the last flush with the end. */
export function patchStarts(length: number, patch: number, overlap: number): number[] {
  if (patch >= length) return [0];
  const stride = Math.max(1, Math.floor(patch * (1 - overlap)));
  const count = Math.ceil((length - patch) / stride) + 1;
  return Array.from({ length: count }, (_, k) => Math.round((k * (length - patch)) / (count - 1)));
}

/** 1D Gaussian over a patch axis, peak 1; never 0, so every voxel has weight. */
function gaussian(size: number, sigmaScale: number): Float32Array {
  const sigma = Math.max(size * sigmaScale, 1e-3);
  const centre = (size - 1) / 2;
  return Float32Array.from({ length: size }, (_, i) => Math.max(Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma)), 1e-4));
}

/** Sum of the weights every patch along an axis gives each position. The patch grid is a product of the axes' starts, so the 3D sum is the product of these. */
function weightSums(length: number, starts: readonly number[], g: Float32Array): Float64Array {
  const sums = new Float64Array(length);
  for (const s of starts) for (let i = 0; i < g.length; i++) sums[s + i] = (sums[s + i] ?? 0) + (g[i] ?? 0);
  return sums;
}

interface Axis {
  size: number;
  starts: number[];
  g: Float32Array;
  sums: Float64Array;
}

function axis(length: number, patch: number, overlap: number, sigmaScale: number): Axis {
  const size = Math.min(patch, length);
  const starts = patchStarts(length, size, overlap);
  const g = gaussian(size, sigmaScale);
  return { size, starts, g, sums: weightSums(length, starts, g) };
}

/** Bit `1 << c` of a voxel of slidingWindow's result: channel c is at least the threshold there. */
export const channelBit = (c: number): number => 1 << c;

/** Runs `run` over `volume` patch by patch; returns, in the volume's voxel order, each voxel's channel bits (channelBit). At most 8 channels. */
export async function slidingWindow(volume: Volume, run: RunPatch, options: SlidingWindowOptions): Promise<Uint8Array> {
  const [nx, ny, nz] = volume.dims;
  const [pd, ph, pw] = options.patch;
  const sigmaScale = options.sigmaScale ?? 0.125;
  const z = axis(nz, pd, options.overlap, sigmaScale);
  const y = axis(ny, ph, options.overlap, sigmaScale);
  const x = axis(nx, pw, options.overlap, sigmaScale);
  const plane = nx * ny;
  const channels = options.channels;
  if (channels < 1 || channels > 8) throw new Error(`The sliding window keeps 1 to 8 output channels as bits; the model has ${channels}.`);
  const bits = new Uint8Array(voxelCount(volume.dims));
  // Accumulator for slices [base, base + z.size): channel-major, then slice, row, column.
  const acc = new Float32Array(channels * z.size * plane);
  const input = new Float32Array(z.size * y.size * x.size);
  const total = z.starts.length * y.starts.length * x.starts.length;
  let done = 0;
  let base = 0;
  const finalize = (from: number, to: number): void => {
    for (let c = 0; c < channels; c++) thresholdSlices(acc, bits, channelBit(c), c * z.size * plane, base, from, to, [x, y, z], [nx, ny], options.threshold);
  };
  for (const z0 of z.starts) {
    // Slices before z0 get no more patches: finish them and move the accumulator window to z0.
    finalize(base, z0);
    shiftWindow(acc, channels, z.size, plane, z0 - base);
    base = z0;
    for (const y0 of y.starts) {
      for (const x0 of x.starts) {
        options.signal?.throwIfAborted();
        extract(volume.voxels, input, [x0, y0, z0], [x.size, y.size, z.size], [nx, ny]);
        const output = await run(input, [z.size, y.size, x.size]);
        if (output.length !== channels * input.length) throw new Error(`The model returned ${output.length} values for a patch of ${input.length} voxels and ${channels} channels.`);
        accumulate(acc, output, [x0, y0], [x, y, z], [nx, ny], channels);
        options.onProgress?.(++done, total);
      }
    }
  }
  finalize(base, nz);
  return bits;
}

/** Copies the patch's rows into `input`; TypedArray.set converts Int16 to Float32 natively, a row at a time. */
function extract(voxels: Volume['voxels'], input: Float32Array, [x0, y0, z0]: Vec3, [sx, sy, sz]: Vec3, [nx, ny]: readonly [number, number]): void {
  let o = 0;
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++, o += sx) {
      const from = x0 + nx * (y0 + j + ny * (z0 + k));
      input.set(voxels.subarray(from, from + sx), o);
    }
  }
}

function accumulate(acc: Float32Array, output: Float32Array, [x0, y0]: readonly [number, number], [x, y, z]: readonly [Axis, Axis, Axis], [nx, ny]: readonly [number, number], channels: number): void {
  const plane = nx * ny;
  const gx = x.g;
  const width = x.size;
  let o = 0;
  for (let c = 0; c < channels; c++) {
    for (let k = 0; k < z.size; k++) {
      const gz = z.g[k] as number;
      for (let j = 0; j < y.size; j++, o += width) {
        const gzy = gz * (y.g[j] as number);
        const a = c * z.size * plane + k * plane + (y0 + j) * nx + x0;
        for (let i = 0; i < width; i++) {
          // Adding 0 changes nothing; a segmentation's outputs are mostly 0, so skipping them saves most writes.
          const v = output[o + i] as number;
          if (v !== 0) acc[a + i] = (acc[a + i] as number) + v * gzy * (gx[i] as number);
        }
      }
    }
  }
}

/** Moves the window's slices down by `by` and zeroes the freed ones. */
function shiftWindow(acc: Float32Array, channels: number, depth: number, plane: number, by: number): void {
  if (by <= 0) return;
  for (let c = 0; c < channels; c++) {
    const start = c * depth * plane;
    const keep = Math.max(0, depth - by);
    acc.copyWithin(start, start + by * plane, start + depth * plane);
    acc.fill(0, start + keep * plane, start + depth * plane);
  }
}

function thresholdSlices(acc: Float32Array, bits: Uint8Array, bit: number, channelStart: number, base: number, from: number, to: number, [x, y, z]: readonly [Axis, Axis, Axis], [nx, ny]: readonly [number, number], threshold: number): void {
  const plane = nx * ny;
  const wx = x.sums;
  for (let k = from; k < to; k++) {
    const wz = z.sums[k] as number;
    for (let j = 0; j < ny; j++) {
      const limit = threshold * (wz * (y.sums[j] as number));
      const a = channelStart + (k - base) * plane + j * nx;
      const m = k * plane + j * nx;
      for (let i = 0; i < nx; i++) if ((acc[a + i] as number) >= limit * (wx[i] as number)) bits[m + i] = (bits[m + i] as number) | bit;
    }
  }
}
