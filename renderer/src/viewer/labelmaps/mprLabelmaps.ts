// The runs' masks as labelmap volumes for the three MPR planes, which share one CT volume (mprVolume.ts):
// built once per CT volume, whichever plane asks first, and removed when the last plane lets go. Each
// mask is copied into a labelmap volume derived from the CT volume, slice z from the mask's slice of the
// same SOP Instance UID (the volume's own slice order, whatever the mask's), so it lies voxel on voxel.
import { cache, volumeLoader, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation } from '@cornerstonejs/tools';
import type { RunMask } from '../../../../preload/api.ts';
import { parsePrecisImageId } from '../imageIds.ts';
import { maskBytes, masksOfSeries } from './maskFetch.ts';

export interface SharedLabelmaps {
  /** Segmentation id and mask of each run, oldest run first. */
  runs: Array<{ segmentationId: string; mask: RunMask }>;
}

interface Entry {
  users: number;
  abort: AbortController;
  ready: Promise<SharedLabelmaps>;
  volumeIds: string[];
  segmentationIds: string[];
}

const entries = new Map<string, Entry>();

function fillFrom(volume: Types.IImageVolume, mask: RunMask, bytes: Uint8Array): Uint8Array {
  const [columns, rows] = mask.geometry.dims;
  const plane = columns * rows;
  const sliceOf = new Map(mask.geometry.SOPInstanceUIDs.map((sop, k) => [sop, k]));
  const data = new Uint8Array(plane * volume.imageIds.length);
  volume.imageIds.forEach((imageId, z) => {
    const k = sliceOf.get(parsePrecisImageId(imageId)?.sop ?? '');
    if (k !== undefined) data.set(bytes.subarray(k * plane, (k + 1) * plane), z * plane);
  });
  return data;
}

async function build(entry: Entry, volume: Types.IImageVolume, caseId: string, SeriesInstanceUID: string): Promise<SharedLabelmaps> {
  const masks = await masksOfSeries(caseId, SeriesInstanceUID, entry.abort.signal);
  const runs: SharedLabelmaps['runs'] = [];
  for (const mask of masks) {
    const bytes = await maskBytes(mask, entry.abort.signal);
    entry.abort.signal.throwIfAborted();
    const [columns, rows] = mask.geometry.dims;
    if (columns !== volume.dimensions[0] || rows !== volume.dimensions[1]) continue; // another grid: not this volume's
    const volumeId = `precis-mask-volume:${mask.runId}:${volume.volumeId}`;
    const labelmap = volumeLoader.createAndCacheDerivedLabelmapVolume(volume.volumeId, { volumeId });
    entry.volumeIds.push(volumeId);
    if (!labelmap.voxelManager?.setCompleteScalarDataArray) throw new Error('the labelmap volume takes no voxels');
    labelmap.voxelManager.setCompleteScalarDataArray(fillFrom(volume, mask, bytes));
    const segmentationId = `mpr-run-${mask.runId}`;
    segmentation.addSegmentations([{ segmentationId, representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { volumeId } } }]);
    entry.segmentationIds.push(segmentationId);
    runs.push({ segmentationId, mask });
  }
  return { runs };
}

/** The masks of the series' runs over `volume`; call releaseMprLabelmaps(key) once per acquire. */
export function acquireMprLabelmaps(volume: Types.IImageVolume, caseId: string, SeriesInstanceUID: string): { key: string; ready: Promise<SharedLabelmaps> } {
  const key = volume.volumeId;
  let entry = entries.get(key);
  if (!entry) {
    const created: Entry = { users: 0, abort: new AbortController(), ready: Promise.resolve({ runs: [] }), volumeIds: [], segmentationIds: [] };
    created.ready = build(created, volume, caseId, SeriesInstanceUID);
    created.ready.catch(() => undefined);
    entries.set(key, created);
    entry = created;
  }
  entry.users += 1;
  return { key, ready: entry.ready };
}

/** One plane lets go (after removing its representations); the last one removes the segmentations and volumes. */
export function releaseMprLabelmaps(key: string): void {
  const entry = entries.get(key);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entries.delete(key);
  entry.abort.abort();
  for (const id of entry.segmentationIds) segmentation.removeSegmentation(id);
  for (const id of entry.volumeIds) cache.removeVolumeLoadObject(id);
}
