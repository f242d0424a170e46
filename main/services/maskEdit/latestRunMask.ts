// A run's mask as it stands: the latest clinician edit when there is one, else the model's original. What
// the viewer is served (/masks/...), what the next edit starts from, and what exports of accepted findings
// (DICOM SEG) must carry: one function, so none of them can take the original after an edit.
import type { MaskEdit, RunMask } from '../../../preload/api.ts';
import { readLabelVolume } from '../../ai/masks/labelVolumeFile.ts';
import type { CaseFile } from '../../library/caseFile.ts';

/** The header of a run's latest mask: sha256 and voxel counts of the edited file when edited. */
export interface LatestMaskHeader {
  mask: RunMask;
  /** The mask file's name under masks/<caseId>/ (the run id, or the edit id after an edit). */
  fileName: string;
  /** The edit the mask comes from; null for the model's original. */
  edit: MaskEdit | null;
}

/** The latest mask's header of a done run, or null when the run has no stored mask. */
export function latestMaskHeader(caseFile: CaseFile, runId: string): LatestMaskHeader | null {
  const original = caseFile.inferenceMasks.get(runId);
  if (!original) return null;
  const { storePath: _path, ...mask } = original;
  const latest = caseFile.inferenceMaskEdits.latest(runId);
  if (!latest) return { mask, fileName: runId, edit: null };
  const { storePath: _editPath, ...edit } = latest;
  return { mask: { ...mask, sha256: edit.sha256, voxelCounts: edit.voxelCounts }, fileName: edit.editId, edit };
}

/** A run's latest mask with its label bytes (Uint8, x fastest, on `mask.geometry`), decrypted; null when it has none. */
export async function latestRunMask(dataDir: string, caseFile: CaseFile, runId: string): Promise<(LatestMaskHeader & { labels: Uint8Array }) | null> {
  const header = latestMaskHeader(caseFile, runId);
  if (!header) return null;
  const labels = await readLabelVolume(dataDir, caseFile.storeKey, caseFile.caseId, header.fileName);
  return { ...header, labels };
}
