// A segmentation model run as its manifest says, for any model with a valid manifest: the intensity
// window and normalisation, the sliding window with its patch, overlap and Gaussian blending, the
// decision (a threshold per output channel, or argmax of a background/foreground pair), the largest
// connected component where asked, holes filled per slice where asked, regions under the minimum volume
// dropped; then every 3D connected region of each label (6-connected) with its volume, mean value and
// longest diameter.
import { connectedComponents, fillHolesPerSlice, type Box } from './components.ts';
import { measureComponent, type ComponentMeasures } from './componentMeasures.ts';
import { intensityMap, withIntensityMap } from './intensity.ts';
import { channelBit, slidingWindow, type PatchShape, type RunPatch } from './slidingWindow.ts';
import type { Volume } from './volume.ts';
import type { ModelManifest } from '../registry/manifest.ts';

export interface SegmentationSettings {
  patch: PatchShape;
  overlap: number;
  channels: number;
  threshold: number;
  /** The label value of each output channel, 0 for a channel that is no label (argmax's background). */
  channelLabels: number[];
  largestConnectedComponent: boolean | number[];
  fillHoles: boolean;
  /** Regions under this volume (mm^3) are dropped. */
  minRegionMm3: number;
}

export interface SegmentedRegion extends ComponentMeasures {
  /** The manifest label the region is of. */
  labelValue: number;
  /** The region's own value in `labels` (1 for the largest region, 2 for the next...). */
  regionValue: number;
  voxelCount: number;
}

export interface SegmentationResult {
  /** 0 background, else the value of the region the voxel belongs to (volume voxel order): each region its
   *  own value, so that a clinician's decision on one region (one nodule) is kept apart from the others'. */
  labels: Uint8Array;
  /** Every connected region of every label, largest first; at most MAX_REGIONS. */
  regions: SegmentedRegion[];
  /** Regions left out beyond MAX_REGIONS (the smallest). */
  regionsDropped: number;
}

/** A label volume holds bytes: value 0 is background. */
export const MAX_REGIONS = 255;

/** What the manifest asks for, or why this version cannot run it (a sentence). */
export function segmentationSettings(manifest: ModelManifest): SegmentationSettings | string {
  const window = manifest.slidingWindow;
  const post = manifest.postprocessing;
  if (manifest.task !== 'segmentation-3d') return `it runs 3D segmentation models; ${manifest.id} is ${manifest.task}`;
  if (!window || window.patchSize.length !== 3) return `${manifest.id}'s manifest has no 3D sliding window`;
  if (!post) return `${manifest.id}'s manifest has no postprocessing`;
  if (manifest.preprocessing?.targetSpacingMm) return `it does not resample yet, and ${manifest.id} asks for ${manifest.preprocessing.targetSpacingMm.join(' x ')} mm voxels`;
  const channels = manifest.outputs[0]?.shape[1];
  if (typeof channels !== 'number') return `${manifest.id}'s first output has no fixed channel count (shape[1])`;
  const patch = window.patchSize as unknown as PatchShape;
  const common = { patch, overlap: window.overlap, channels, largestConnectedComponent: post.largestConnectedComponent, fillHoles: post.fillHoles, minRegionMm3: post.minRegionMm3 ?? 0 };
  if (post.decision.type === 'threshold') {
    // One channel per label, in the manifest's order.
    if (channels !== manifest.labels.length) return `${manifest.id} has ${channels} output channels for ${manifest.labels.length} labels`;
    return { ...common, threshold: post.decision.value, channelLabels: manifest.labels.map((l) => l.value) };
  }
  // argmax of [background, label 1]: the blended probabilities sum to 1, so argmax is label 1 at >= 0.5.
  if (channels !== 2 || manifest.labels.length !== 1) return `it runs argmax for two channels (background and one label); ${manifest.id} has ${channels}`;
  return { ...common, threshold: 0.5, channelLabels: [0, manifest.labels[0]?.value ?? 1] };
}

type Grid = Pick<Volume, 'voxels' | 'dims' | 'spacing'>;

/** The regions of `label` in `labels`, each with its voxels, largest first; `labels` is left as it was. */
function regionsOf(labels: Uint8Array, label: number, grid: Grid): Array<{ voxels: Int32Array; box: Box }> {
  const mask = new Uint8Array(labels.length);
  for (let v = 0; v < labels.length; v++) mask[v] = labels[v] === label ? 1 : 0;
  const { runs, componentOfRun, components } = connectedComponents(mask, grid.dims);
  const voxels = components.map((c) => new Int32Array(c.size));
  const filled = new Int32Array(components.length);
  const nx = grid.dims[0];
  for (let n = 0; n < runs.count; n++) {
    const id = componentOfRun[n] as number;
    const list = voxels[id] as Int32Array;
    const row = (runs.rowOf[n] as number) * nx;
    for (let x = runs.start[n] as number; x < (runs.end[n] as number); x++) { list[filled[id] as number] = row + x; filled[id] = (filled[id] as number) + 1; }
  }
  return components.map((c, id) => ({ voxels: voxels[id] as Int32Array, box: c.box }));
}

export async function runSegmentation(
  volume: Volume, run: RunPatch, manifest: ModelManifest, settings: SegmentationSettings,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<SegmentationResult> {
  const mapped = withIntensityMap(run, intensityMap(manifest.preprocessing, volume));
  const decisions = await slidingWindow(volume, mapped, { ...settings, ...options });
  options.signal?.throwIfAborted();
  const labels = new Uint8Array(volume.voxels.length);
  // A voxel two channels claim keeps the first channel's label.
  settings.channelLabels.forEach((label, c) => {
    const bit = channelBit(c);
    if (label > 0) for (let v = 0; v < labels.length; v++) if ((decisions[v] as number) & bit && labels[v] === 0) labels[v] = label;
  });
  const values = [...new Set(settings.channelLabels.filter((l) => l > 0))];
  const lcc = settings.largestConnectedComponent;
  const kept: Array<Omit<SegmentedRegion, 'regionValue'> & { voxels: Int32Array }> = [];
  for (const value of values) {
    let found = regionsOf(labels, value, volume);
    if (lcc === true || (Array.isArray(lcc) && lcc.includes(value))) {
      for (const dropped of found.slice(1)) for (const v of dropped.voxels) labels[v] = 0;
      found = found.slice(0, 1);
    }
    if (settings.fillHoles && found.length > 0) {
      for (const r of found) fillHolesPerSlice(labels, volume.dims, value, r.box);
      found = regionsOf(labels, value, volume);
    }
    const voxelMm3 = volume.spacing[0] * volume.spacing[1] * volume.spacing[2];
    for (const small of found.filter((r) => r.voxels.length * voxelMm3 < settings.minRegionMm3)) for (const v of small.voxels) labels[v] = 0;
    found = found.filter((r) => r.voxels.length * voxelMm3 >= settings.minRegionMm3);
    const member = (v: number): boolean => labels[v] === value;
    for (const r of found) kept.push({ labelValue: value, voxelCount: r.voxels.length, voxels: r.voxels, ...measureComponent(r.voxels, member, volume) });
  }
  kept.sort((a, b) => b.voxelCount - a.voxelCount);
  // The class labels become region values, largest region first.
  labels.fill(0);
  const regions = kept.slice(0, MAX_REGIONS).map(({ voxels, ...region }, n): SegmentedRegion => {
    for (const v of voxels) labels[v] = n + 1;
    return { ...region, regionValue: n + 1 };
  });
  return { labels, regions, regionsDropped: Math.max(0, kept.length - MAX_REGIONS) };
}
