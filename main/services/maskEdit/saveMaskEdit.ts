// Saving a clinician's edit of a run's mask (issue 14, item 5), in the mask-edit job's worker thread (it
// reads the whole CT, ~1 s for 275 slices, which must not hold the host's main thread): the uploaded label
// volume (staged encrypted, like every upload) checked against the run's grid and labels, the CT read from
// the encrypted store on that grid, the biomarkers and finding measurements recomputed by the run's own
// pipeline functions, the edited labels sealed as a new file (masks/<caseId>/<editId>; the model's original
// and earlier edits stay), then the edit recorded and audited with who and when.
import { createHash, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MaskEditResult } from '../../../preload/api.ts';
import { PIPELINES } from '../../ai/analysis/pipelines.ts';
import { writeLabelVolume } from '../../ai/masks/labelVolumeFile.ts';
import { readSeriesVolume, type InstanceSource } from '../../ai/pipeline/readSeries.ts';
import { sourceReader } from '../../dicom/source.ts';
import { batchFolder, stagingAccess } from '../../dicom/staging.ts';
import { readStored } from '../../dicom/store.ts';
import { AppError } from '../../errors.ts';
import type { JobRunContext } from '../../jobs/kind.ts';
import type { CaseFile } from '../../library/caseFile.ts';
import { countLabels } from '../analyze/storeMask.ts';
import { latestMaskHeader } from './latestRunMask.ts';

export interface MaskEditJobInput {
  caseId: string;
  runId: string;
  /** The upload batch whose file `labels` holds the edited volume. */
  batchId: string;
  note: string | null;
}

/** The name of the edited volume's file in its upload batch. */
export const EDIT_UPLOAD_NAME = 'labels';

/** The uploaded labels, whole; the batch is removed once read, whatever follows. */
async function takeUpload(ctx: JobRunContext, batchId: string): Promise<Uint8Array> {
  const staging = stagingAccess(ctx.dataDir, ctx.masterKey);
  const folder = batchFolder(staging, batchId);
  try {
    return new Uint8Array(await sourceReader(staging).all(join(folder, EDIT_UPLOAD_NAME)));
  } catch {
    throw new AppError('not-found', 'The edited mask was not uploaded (or was already saved): save the edit again.');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function checkLabels(labels: Uint8Array, expected: number, allowed: ReadonlySet<number>): void {
  if (labels.length !== expected) throw new AppError('invalid-argument', `The edited mask holds ${labels.length} voxels where the run's grid has ${expected}.`);
  for (let v = 0; v < labels.length; v++) {
    const value = labels[v] as number;
    if (value !== 0 && !allowed.has(value)) throw new AppError('invalid-argument', `The edited mask holds label ${value}, which the model does not define.`);
  }
}

/** The CT slices in the mask's own slice order (its grid lists each slice's SOP Instance UID). */
function sliceSources(ctx: JobRunContext, caseFile: CaseFile, SOPInstanceUIDs: readonly string[]): InstanceSource[] {
  return SOPInstanceUIDs.map((sop) => ({
    read: async () => {
      const storePath = caseFile.imaging.storePath(sop);
      if (!storePath) throw new AppError('not-found', `Image ${sop} under the mask is missing from the store.`);
      return new Uint8Array(await readStored(ctx.dataDir, caseFile.storeKey, storePath));
    },
  }));
}

export async function saveMaskEdit(ctx: JobRunContext, input: MaskEditJobInput): Promise<MaskEditResult> {
  if (!ctx.library.hasCase(input.caseId)) throw new AppError('not-found', 'This patient is not in the library any more.');
  const caseFile = ctx.library.openCase(input.caseId);
  const labels = await takeUpload(ctx, input.batchId);
  const current = latestMaskHeader(caseFile, input.runId);
  if (!current) throw new AppError('not-found', 'This run has no stored mask to edit.');
  const { mask } = current;
  const pipeline = PIPELINES[mask.model.id];
  if (!pipeline?.remeasure) throw new AppError('model-no-pipeline', `This version of Precis cannot measure an edited mask of ${mask.model.id}.`);
  const [columns, rows, slices] = mask.geometry.dims;
  checkLabels(labels, columns * rows * slices, new Set(mask.labels.map((l) => l.value)));
  ctx.progress({ phase: 'reading series', done: 0, total: slices });
  const volume = await readSeriesVolume(sliceSources(ctx, caseFile, mask.geometry.SOPInstanceUIDs), { signal: ctx.signal });
  if (volume.dims.join() !== mask.geometry.dims.join() || volume.sourceOrder.some((index, k) => index !== k)) {
    throw new AppError('invalid-argument', 'The series no longer lies on the grid of the run\'s mask: the edit cannot be measured.');
  }
  ctx.progress({ phase: 'measuring', done: 0, total: 1 });
  const measured = pipeline.remeasure(labels, volume);
  const findings = caseFile.inference.findings(input.runId).map((f) => ({
    position: f.position, labelValue: f.labelValue, measurements: (f.labelValue !== null ? measured.byLabel.get(f.labelValue) : undefined) ?? f.measurements,
  }));
  ctx.signal.throwIfAborted();
  const editId = randomUUID();
  const storePath = await writeLabelVolume(ctx.dataDir, caseFile.storeKey, caseFile.caseId, editId, labels);
  const edit = {
    editId, runId: input.runId, storePath, sha256: createHash('sha256').update(labels).digest('hex'), voxelCounts: countLabels(labels),
    biomarkers: measured.biomarkers, findings, editedBy: ctx.actor, editedAt: new Date().toISOString(), note: input.note,
  };
  caseFile.inferenceMaskEdits.add(edit, mask.sha256);
  ctx.progress({ phase: 'measuring', done: 1, total: 1 });
  const { storePath: _path, ...saved } = edit;
  return { ...saved, caseId: caseFile.caseId };
}
