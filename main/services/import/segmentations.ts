// DICOM SEGs met by an import: once the SEG file is committed to the case of the patient it names (as any
// instance is), it is laid on the series it segments and kept as labelmaps (main/services/segImport.ts).
// Like measurement reports, this runs after the whole import has stored its series, so the images a SEG
// segments, imported in the same run, are in the case first; it reads the stored copy; a SEG recorded
// before adds nothing. A SEG that cannot be laid never fails the import: the file stays stored, and the
// problem is in the import's report and the case's audit. A SEG stored before its images (an earlier
// import) is laid by the import that brings them.
import type { SegmentationImport } from '../../../preload/api.ts';
import { readStored } from '../../dicom/store.ts';
import type { ReadFile } from '../../dicom/importScan.ts';
import { errorMessage } from '../../errors.ts';
import type { Library } from '../../library/index.ts';
import { LABEL_MAP_SEGMENTATION_STORAGE, readSegmentation, SEGMENTATION_STORAGE } from '../../reading/seg/index.ts';
import { importSegmentation, isRecordedSegmentation } from '../segImport.ts';
import type { SeriesOutcome } from './importSeries.ts';

export interface PendingSegmentation {
  caseId: string;
  path: string;
  SOPInstanceUID: string;
  /** Stored by an earlier import: not reported unless laid now. */
  waiting?: boolean;
}

const isSegmentation = (sopClass: string): boolean => sopClass === SEGMENTATION_STORAGE || sopClass === LABEL_MAP_SEGMENTATION_STORAGE;

/** The SEG files of a series the case now holds (stored now or already there with the same bytes). */
export function pendingSegmentations(group: readonly ReadFile[], outcome: SeriesOutcome): PendingSegmentation[] {
  if (outcome.cancelled) return [];
  const notStored = new Set([...outcome.failed.map((f) => f.path), ...outcome.conflicts.map((c) => c.path)]);
  return group
    .filter((f) => isSegmentation(f.header.instance.SOPClassUID) && !notStored.has(f.path))
    .map((f) => ({ caseId: outcome.caseId, path: f.path, SOPInstanceUID: f.header.instance.SOPInstanceUID }));
}

async function attachOne(library: Library, pending: PendingSegmentation, actor: string, quiet: boolean): Promise<SegmentationImport | null> {
  const caseFile = library.openCase(pending.caseId);
  const storePath = caseFile.imaging.storePath(pending.SOPInstanceUID);
  if (!storePath) return null;
  const base = { path: pending.path, SOPInstanceUID: pending.SOPInstanceUID, caseId: pending.caseId };
  try {
    const bytes = await readStored(library.dataDir, caseFile.storeKey, storePath);
    const result = await importSegmentation(library.dataDir, caseFile, readSegmentation(bytes), bytes, actor);
    return { ...base, ...result, problem: null };
  } catch (error) {
    const problem = `it is stored but not shown as a labelmap: ${errorMessage(error)}`;
    if (quiet) return null;
    try {
      caseFile.audit('segmentation.import-failed', actor, { SOPInstanceUID: pending.SOPInstanceUID, problem });
    } catch {
      // The audit cannot be written either (e.g. a full disk): the import's report still says it.
    }
    return { ...base, SeriesInstanceUID: null, runIds: [], segments: 0, alreadyImported: false, problem };
  }
}

/** SEGs stored by earlier imports in the cases this import added images to, not laid yet (their images
 *  may have just come): tried again, and reported only when laid now. */
export function waitingSegmentations(library: Library, caseIds: readonly string[], pending: readonly PendingSegmentation[]): PendingSegmentation[] {
  const met = new Set(pending.map((p) => p.SOPInstanceUID));
  return caseIds.flatMap((caseId) => {
    const caseFile = library.openCase(caseId);
    return caseFile.imaging.listStudies().flatMap((study) => caseFile.imaging.listSeries(study.StudyInstanceUID))
      .filter((series) => series.Modality === 'SEG')
      .flatMap((series) => caseFile.imaging.listInstances(series.SeriesInstanceUID))
      .filter((i) => isSegmentation(i.SOPClassUID) && !met.has(i.SOPInstanceUID) && !isRecordedSegmentation(caseFile, i.SOPInstanceUID))
      .map((i) => ({ caseId, path: `(stored) ${i.SOPInstanceUID}`, SOPInstanceUID: i.SOPInstanceUID, waiting: true }));
  });
}

/** Lays every pending SEG on its series, in the order met; stops early only when cancelled. */
export async function attachSegmentations(library: Library, pending: readonly PendingSegmentation[], actor: string, signal?: AbortSignal): Promise<SegmentationImport[]> {
  const results: SegmentationImport[] = [];
  for (const p of pending) {
    if (signal?.aborted) break;
    const result = await attachOne(library, p, actor, p.waiting === true);
    if (result && !(p.waiting && result.runIds.length === 0)) results.push(result);
  }
  return results;
}
