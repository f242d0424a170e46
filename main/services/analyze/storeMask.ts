// Keeps a run's label volume: the labels sealed with the case's store key under masks/<caseId>/<runId>
// (ai/masks/labelVolumeFile.ts), and the row that points at it with the grid (the series' own, with the
// SOP Instance UID of each slice in order) and the manifest's labels, so the viewer can lay it over the
// images it was computed on.
import { createHash } from 'node:crypto';
import type { MaskGeometry, MaskLabel } from '../../../preload/api.ts';
import { writeLabelVolume } from '../../ai/masks/labelVolumeFile.ts';
import type { SeriesVolume } from '../../ai/pipeline/readSeries.ts';
import type { ModelManifest } from '../../ai/registry/manifest.ts';
import type { CaseFile } from '../../library/caseFile.ts';
import type { MaskRecord } from '../../library/repositories/inferenceMasks.ts';

const triple = (v: readonly number[]): [number, number, number] => [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0];

/** Voxels of each non-zero label value. */
export function countLabels(labels: Uint8Array): Record<string, number> {
  const counts = new Array<number>(256).fill(0);
  for (let p = 0; p < labels.length; p++) counts[labels[p] as number]! += 1;
  const out: Record<string, number> = {};
  counts.forEach((n, value) => { if (value > 0 && n > 0) out[String(value)] = n; });
  return out;
}

/** Writes the file (atomically) and returns the row to add once the run is recorded as done. */
export async function storeRunMask(
  dataDir: string, caseFile: CaseFile, runId: string, SeriesInstanceUID: string, volume: SeriesVolume,
  sopOfSource: readonly string[], labels: Uint8Array, manifest: ModelManifest, labelsOf?: MaskLabel[],
): Promise<MaskRecord> {
  if (labels.length !== volume.voxels.length) throw new Error(`The label volume has ${labels.length} voxels where the series has ${volume.voxels.length}.`);
  const geometry: MaskGeometry = {
    dims: triple(volume.dims), spacing: triple(volume.spacing), origin: triple(volume.origin),
    direction: [triple(volume.direction[0]), triple(volume.direction[1]), triple(volume.direction[2])],
    SOPInstanceUIDs: volume.sourceOrder.map((index) => sopOfSource[index] ?? ''),
  };
  const maskLabels: MaskLabel[] = labelsOf ?? manifest.labels.map((l) => ({ value: l.value, name: l.name, color: triple(l.color) }));
  const storePath = await writeLabelVolume(dataDir, caseFile.storeKey, caseFile.caseId, runId, labels);
  const sha256 = createHash('sha256').update(labels).digest('hex');
  return { runId, SeriesInstanceUID, storePath, geometry, labels: maskLabels, sha256, voxelCounts: countLabels(labels) };
}
