// The label volume of a run as the clinician last left it: the one place the exports (SEG) take a run's
// mask from. Today that is the mask the model wrote; when brush edits are stored as a new mask version,
// this returns the newest version and `edited` says a person changed it (the SEG then says SEMIAUTOMATIC).
import type { RunMask } from '../../preload/api.ts';
import { readLabelVolume } from '../ai/masks/labelVolumeFile.ts';
import type { CaseFile } from '../library/caseFile.ts';

export interface RunMaskVolume {
  mask: RunMask;
  /** Uint8 labels on `mask.geometry` (x fastest, slice k = mask.geometry.SOPInstanceUIDs[k]). */
  labels: Uint8Array;
  /** True when a clinician edited the model's mask. */
  edited: boolean;
}

/** The run's newest mask, or null when the run has none (failed, cancelled, or a run without labels). */
export async function latestRunMask(dataDir: string, caseFile: CaseFile, runId: string): Promise<RunMaskVolume | null> {
  const stored = caseFile.inferenceMasks.get(runId);
  if (!stored) return null;
  const { storePath: _path, ...mask } = stored;
  const labels = await readLabelVolume(dataDir, caseFile.storeKey, caseFile.caseId, runId);
  const [columns, rows, slices] = mask.geometry.dims;
  if (labels.length !== columns * rows * slices) throw new Error(`The mask of run ${runId} has ${labels.length} voxels where its grid has ${columns * rows * slices}.`);
  return { mask, labels, edited: false };
}
