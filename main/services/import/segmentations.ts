// DICOM SEGs met by an import: once the SEG file is committed to the case of the patient it names (as any
// instance is), it is laid on the series it segments and kept as labelmaps (main/services/segImport.ts).
// Like measurement reports, this runs after the whole import has stored its series, so the images a SEG
// segments, imported in the same run, are in the case first; it reads the stored copy; a SEG recorded
// before adds nothing. A SEG that cannot be laid never fails the import: the file stays stored, and the
// problem is in the import's report and the case's audit.
import type { SegmentationImport } from '../../../preload/api.ts';
import { readStored } from '../../dicom/store.ts';
import type { ReadFile } from '../../dicom/importScan.ts';
import { errorMessage } from '../../errors.ts';
import type { Library } from '../../library/index.ts';
import { LABEL_MAP_SEGMENTATION_STORAGE, readSegmentation, SEGMENTATION_STORAGE } from '../../reading/seg/index.ts';
import { importSegmentation } from '../segImport.ts';
import type { SeriesOutcome } from './importSeries.ts';

export interface PendingSegmentation {
  caseId: string;
  path: string;
  SOPInstanceUID: string;
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

async function attachOne(library: Library, pending: PendingSegmentation, actor: string): Promise<SegmentationImport | null> {
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
    try {
      caseFile.audit('segmentation.import-failed', actor, { SOPInstanceUID: pending.SOPInstanceUID, problem });
    } catch {
      // The audit cannot be written either (e.g. a full disk): the import's report still says it.
    }
    return { ...base, SeriesInstanceUID: null, runIds: [], segments: 0, alreadyImported: false, problem };
  }
}

/** Lays every pending SEG on its series, in the order met; stops early only when cancelled. */
export async function attachSegmentations(library: Library, pending: readonly PendingSegmentation[], actor: string, signal?: AbortSignal): Promise<SegmentationImport[]> {
  const results: SegmentationImport[] = [];
  for (const p of pending) {
    if (signal?.aborted) break;
    const result = await attachOne(library, p, actor);
    if (result) results.push(result);
  }
  return results;
}
