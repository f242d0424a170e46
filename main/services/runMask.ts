// The label volume of a run as the clinician last left it, shaped for the exports (SEG): the latest edit
// when a clinician changed the model's mask (the SEG then says SEMIAUTOMATIC), else the model's original.
// It reads through maskEdit/latestRunMask.ts, the one place that decides which mask stands.
import type { RunMask } from '../../preload/api.ts';
import type { CaseFile } from '../library/caseFile.ts';
import { latestRunMask as latestStanding } from './maskEdit/latestRunMask.ts';

export interface RunMaskVolume {
  mask: RunMask;
  /** Uint8 labels on `mask.geometry` (x fastest, slice k = mask.geometry.SOPInstanceUIDs[k]). */
  labels: Uint8Array;
  /** True when a clinician edited the model's mask. */
  edited: boolean;
}

/** The run's standing mask, or null when the run has none (failed, cancelled, or a run without labels). */
export async function latestRunMask(dataDir: string, caseFile: CaseFile, runId: string): Promise<RunMaskVolume | null> {
  const standing = await latestStanding(dataDir, caseFile, runId);
  if (!standing) return null;
  const { mask, labels, edit } = standing;
  const [columns, rows, slices] = mask.geometry.dims;
  if (labels.length !== columns * rows * slices) throw new Error(`The mask of run ${runId} has ${labels.length} voxels where its grid has ${columns * rows * slices}.`);
  return { mask, labels, edited: edit !== null };
}
