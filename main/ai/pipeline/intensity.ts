// The manifest's intensity preprocessing (preprocessing.intensityWindow and .normalisation), applied to
// each patch the sliding window hands the model: values clipped to the window, then scaled to [0, 1]
// (minmax over the window, or over the volume's range when there is no window) or to zero mean and unit
// variance over the whole volume (zscore), so every patch of a volume gets the same scaling.
import type { ModelManifest } from '../registry/manifest.ts';
import type { RunPatch } from './slidingWindow.ts';
import type { Volume } from './volume.ts';

type Preprocessing = NonNullable<ModelManifest['preprocessing']>;

/** value -> model input, for every voxel of a patch. */
export type IntensityMap = (value: number) => number;

function volumeStats(voxels: Volume['voxels'], clip: (v: number) => number): { min: number; max: number; mean: number; sd: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < voxels.length; i++) {
    const v = clip(voxels[i] as number);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sum2 += v * v;
  }
  const n = Math.max(1, voxels.length);
  const mean = sum / n;
  return { min, max, mean, sd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

export function intensityMap(preprocessing: Preprocessing | null, volume: Pick<Volume, 'voxels'>): IntensityMap {
  const window = preprocessing?.intensityWindow ?? null;
  const clip = window ? (v: number): number => Math.min(window.upper, Math.max(window.lower, v)) : (v: number): number => v;
  switch (preprocessing?.normalisation ?? 'none') {
    case 'none':
      return clip;
    case 'minmax': {
      const { min, max } = window ? { min: window.lower, max: window.upper } : volumeStats(volume.voxels, clip);
      const scale = max > min ? 1 / (max - min) : 0;
      return (v) => (clip(v) - min) * scale;
    }
    case 'zscore': {
      const { mean, sd } = volumeStats(volume.voxels, clip);
      const scale = sd > 0 ? 1 / sd : 0;
      return (v) => (clip(v) - mean) * scale;
    }
  }
}

/** `run` behind the intensity map. The patch buffer is the sliding window's scratch space, rewritten for every patch, so it is mapped in place. */
export function withIntensityMap(run: RunPatch, map: IntensityMap): RunPatch {
  return (patch, shape) => {
    for (let i = 0; i < patch.length; i++) patch[i] = map(patch[i] as number);
    return run(patch, shape);
  };
}
