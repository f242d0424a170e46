// DICOM import: read every header, group by patient and series, copy each series into the store and
// commit it in one transaction. A killed import leaves whole series or nothing; running it again
// skips what is already there (same SOPInstanceUID) and completes the rest.
import type { ImportFailure, ImportReport } from '../../preload/api.ts';
import type { Library } from '../library/index.ts';
import { errorMessage } from '../errors.ts';
import { assessDisplayability } from './displayability.ts';
import { MEDIA_STORAGE_DIRECTORY } from './dicomdir.ts';
import { expandPaths } from './expandPaths.ts';
import { readDicomHeader } from './headers.ts';
import { clearIncoming, copyIntoStore, storeRelativePath, sweepIncoming } from './store.ts';
import type { DicomHeader } from './types.ts';

export interface ImportProgress {
  phase: 'scanning' | 'storing';
  done: number;
  total: number;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  actor?: string;
}

interface ReadFile {
  path: string;
  header: DicomHeader;
  size: number;
}

const HEADER_READ_CONCURRENCY = 8;

function missingIdentifier(h: DicomHeader): string | null {
  if (!h.instance.SOPInstanceUID) return 'no SOPInstanceUID (0008,0018)';
  if (!h.study.StudyInstanceUID) return 'no StudyInstanceUID (0020,000D)';
  if (!h.series.SeriesInstanceUID) return 'no SeriesInstanceUID (0020,000E)';
  return null;
}

async function readHeaders(files: string[], failed: ImportFailure[], options: ImportOptions): Promise<ReadFile[]> {
  const { stat } = await import('node:fs/promises');
  const read: ReadFile[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !options.signal?.aborted) {
      const path = files[next++] as string;
      try {
        const header = await readDicomHeader(path);
        if (header.MediaStorageSOPClassUID === MEDIA_STORAGE_DIRECTORY) continue; // an index; its files are read on their own
        const missing = missingIdentifier(header);
        if (missing) failed.push({ path, reason: missing });
        else read.push({ path, header, size: (await stat(path)).size });
      } catch (error) {
        failed.push({ path, reason: errorMessage(error) });
      } finally {
        options.onProgress?.({ phase: 'scanning', done: ++done, total: files.length });
      }
    }
  };
  await Promise.all(Array.from({ length: HEADER_READ_CONCURRENCY }, worker));
  return read;
}

/** Groups by series, dropping repeats of a SOPInstanceUID within this import (first file wins). */
function groupBySeries(files: ReadFile[]): { groups: Map<string, ReadFile[]>; repeats: number } {
  const seen = new Set<string>();
  const groups = new Map<string, ReadFile[]>();
  let repeats = 0;
  for (const file of files) {
    const sop = file.header.instance.SOPInstanceUID;
    if (seen.has(sop)) {
      repeats++;
      continue;
    }
    seen.add(sop);
    const key = file.header.series.SeriesInstanceUID;
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  return { groups, repeats };
}

export async function importDicom(library: Library, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  await sweepIncoming(library.dataDir);
  const { files, failed } = await expandPaths(paths);
  const read = await readHeaders(files, failed, options);
  const { groups, repeats } = groupBySeries(read);
  let imported = 0;
  let skipped = repeats;
  let stored = 0;
  const total = [...groups.values()].reduce((n, g) => n + g.length, 0);
  options.onProgress?.({ phase: 'storing', done: 0, total });
  const touchedCases = new Set<string>();

  for (const group of groups.values()) {
    if (options.signal?.aborted) break;
    const first = group[0] as ReadFile;
    const caseId = library.caseFor(first.header.patient, first.header.study.StudyInstanceUID);
    const caseFile = library.openCase(caseId);
    const existing = caseFile.existingInstances(group.map((f) => f.header.instance.SOPInstanceUID));
    skipped += existing.size;
    const fresh = group.filter((f) => !existing.has(f.header.instance.SOPInstanceUID));
    const instances = [];
    for (const file of fresh) {
      if (options.signal?.aborted) break;
      const storePath = storeRelativePath(caseId, file.header.series.SeriesInstanceUID, file.header.instance.SOPInstanceUID);
      try {
        await copyIntoStore(library.dataDir, file.path, storePath);
      } catch (error) {
        failed.push({ path: file.path, reason: `could not copy into the store: ${errorMessage(error)}` });
        continue;
      }
      const verdict = assessDisplayability(file.header.instance);
      instances.push({ header: file.header.instance, displayable: verdict.displayable, unsupportedReason: verdict.reason, storePath, fileSize: file.size });
      options.onProgress?.({ phase: 'storing', done: ++stored + skipped - repeats, total });
    }
    // A cancelled series is not committed: never half a series.
    if (options.signal?.aborted) break;
    if (instances.length > 0) {
      imported += caseFile.commitSeries(
        { patient: first.header.patient, study: first.header.study, series: first.header.series, instances },
        new Date().toISOString(),
      );
      library.refreshCounts(caseId);
      touchedCases.add(caseId);
    }
  }
  await clearIncoming(library.dataDir);
  const report: ImportReport = { imported, skipped, failed, cancelled: options.signal?.aborted ?? false };
  library.audit({
    actor: options.actor ?? 'local',
    action: 'dicom.import',
    caseId: null,
    detail: { imported, skipped, failed: failed.length, cancelled: report.cancelled, cases: [...touchedCases] },
  });
  return report;
}
