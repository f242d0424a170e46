// The biomarkers of quantitative chest CT, from a lung label mask (1 right lung, 2 left lung, 0 other)
// and the below -950 HU mask: lung volume (mL = lung voxels x voxel volume) and LAA-950 (% of lung
// voxels below -950 HU; see models/ct-lung-emphysema/MODEL_CARD.md for the definition and its limits).
import { voxelMillilitres, type Vec3 } from './volume.ts';

export interface Biomarker {
  name: string;
  value: number;
  unit: string;
}

export interface LungBiomarkers {
  lungVolumeMl: number;
  rightLungVolumeMl: number;
  leftLungVolumeMl: number;
  /** Percent of lung voxels below -950 HU. */
  laa950Percent: number;
}

export const RIGHT_LUNG = 1;
export const LEFT_LUNG = 2;

export function lungBiomarkers(lungLabels: Uint8Array, below950: Uint8Array, spacing: Vec3): LungBiomarkers {
  let right = 0;
  let left = 0;
  let low = 0;
  const count = (from: number, to: number): void => {
    for (let v = from; v < to; v++) {
      const label = lungLabels[v];
      if (label === 0) continue;
      if (label === RIGHT_LUNG) right++;
      else if (label === LEFT_LUNG) left++;
      if (below950[v] === 1) low++;
    }
  };
  // Most voxels are not lung: four at a time are skipped where their 32-bit word is 0.
  const aligned = lungLabels.byteOffset % 4 === 0;
  const whole = aligned ? lungLabels.length >> 2 : 0;
  const words = aligned ? new Uint32Array(lungLabels.buffer, lungLabels.byteOffset, whole) : new Uint32Array(0);
  for (let w = 0; w < whole; w++) if (words[w] !== 0) count(w * 4, w * 4 + 4);
  count(whole * 4, lungLabels.length);
  const ml = voxelMillilitres(spacing);
  const lung = right + left;
  return { lungVolumeMl: lung * ml, rightLungVolumeMl: right * ml, leftLungVolumeMl: left * ml, laa950Percent: lung === 0 ? 0 : (100 * low) / lung };
}

/** As the manifest names them: `{ name, value, unit }`. */
export const asBiomarkers = (b: LungBiomarkers): Biomarker[] => [
  { name: 'lung volume', value: b.lungVolumeMl, unit: 'mL' },
  { name: 'LAA-950', value: b.laa950Percent, unit: '%' },
];
