// DICOM import: a folder at a time, read the headers, group by series (seriesCollector.ts), and store
// each series the walk has left, committing it in one transaction (importSeries.ts); memory holds a few
// folders' headers, not every file's. A killed import leaves whole series (or whole parts of a series
// spread over folders) and nothing else; running it again skips what is already there (same SOP
// Instance UID and bytes) and completes the rest. Every file found is counted once: imported, skipped,
// a conflict, failed, or a DICOMDIR read as an index.
import { randomUUID } from 'node:crypto';
import type { ImportReport } from '../../../preload/api.ts';
import type { Library } from '../../library/index.ts';
import { expandPaths } from '../../dicom/expandPaths.ts';
import { FAILED, FINISHED, recordAbortedImports, recordStarted } from './importRuns.ts';
import { scanFiles, type ReadFile } from '../../dicom/importScan.ts';
import { importSeries } from './importSeries.ts';
import { attachReports, pendingReports, type PendingReport } from './measurementReports.ts';
import { attachSegmentations, pendingSegmentations, waitingSegmentations, type PendingSegmentation } from './segmentations.ts';
import { SeriesCollector } from './seriesCollector.ts';
import { sourceReader, type StagingAccess } from '../../dicom/source.ts';
import { clearIncoming } from '../../dicom/store.ts';
import { sweepStore } from './storeSweep.ts';

export interface ImportProgress {
  phase: 'scanning' | 'storing';
  done: number;
  total: number;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  actor?: string;
  /** Where uploads are staged (encrypted) and their key; null when the import reads only plain files. */
  staging?: StagingAccess | null;
}

/** A very large folder is read in slices of this many files (its series stay pending across them). */
const BATCH_FILES = 1_000;

async function* slices(batches: AsyncIterable<string[]>): AsyncGenerator<string[]> {
  for await (const batch of batches) for (let k = 0; k < batch.length; k += BATCH_FILES) yield batch.slice(k, k + BATCH_FILES);
}

async function runImport(library: Library, paths: readonly string[], options: ImportOptions): Promise<{ report: ImportReport; cases: string[] }> {
  const reader = sourceReader(options.staging ?? null);
  const { batches, total, failed, dicomdirs: given } = await expandPaths(paths);
  const collector = new SeriesCollector(reader, failed, (caseId, sop) => library.openCase(caseId).imaging.existingInstances([sop]).get(sop) ?? null);
  const report: ImportReport = { imported: 0, skipped: 0, conflicts: [], failed, dicomdirs: given, cancelled: false, caseIds: [] };
  const cases = new Set<string>();
  // SR files stored (or found stored), whose measurements are attached once every series is in.
  const reports: PendingReport[] = [];
  // SEG files likewise, laid on the series they segment once every series is in.
  const segmentations: PendingSegmentation[] = [];
  // Progress counts files found: read (scanning), then stored or found already there (storing).
  let read = 0;
  let stored = 0;
  // The case file of the series stored last; closed once a series of another patient comes, since an
  // import's patients rarely come back (the library would keep 64 case files open, and at thousands of
  // patients the opening and closing of cached case files made peak memory grow with the import).
  let lastCase: string | null = null;
  const store = async (groups: ReadFile[][]): Promise<void> => {
    for (const group of groups) {
      if (options.signal?.aborted) return;
      const outcome = await importSeries(group, {
        library, reader, signal: options.signal,
        onFile: () => options.onProgress?.({ phase: 'storing', done: ++stored, total }),
      });
      if (lastCase !== null && lastCase !== outcome.caseId) library.closeCase(lastCase);
      lastCase = outcome.caseId;
      collector.stored(group, outcome.caseId);
      reports.push(...pendingReports(group, outcome));
      segmentations.push(...pendingSegmentations(group, outcome));
      report.imported += outcome.imported;
      report.skipped += outcome.skipped;
      report.conflicts.push(...outcome.conflicts);
      failed.push(...outcome.failed);
      if (outcome.imported > 0) cases.add(outcome.caseId);
    }
  };
  for await (const files of slices(batches())) {
    if (options.signal?.aborted) break;
    const scan = await scanFiles(files, failed, reader, {
      signal: options.signal,
      onProgress: () => options.onProgress?.({ phase: 'scanning', done: ++read, total }),
    });
    report.dicomdirs += scan.dicomdirs;
    await store(collector.takeReady(await collector.add(scan.read)));
  }
  await store(collector.takeAll());
  const measurementReports = await attachReports(library, reports, options.actor ?? 'local', options.signal);
  if (measurementReports.length > 0) report.measurementReports = measurementReports;
  for (const r of measurementReports) if (r.annotations + r.measurements > 0) cases.add(r.caseId);
  const waiting = waitingSegmentations(library, [...cases], segmentations);
  const segs = await attachSegmentations(library, [...segmentations, ...waiting], options.actor ?? 'local', options.signal);
  if (segs.length > 0) report.segmentations = segs;
  for (const s of segs) if (s.runIds.length > 0) cases.add(s.caseId);
  report.skipped += collector.repeats;
  // Repeats within the import first, then what the library already held (as before streaming).
  report.conflicts = [...collector.conflicts, ...report.conflicts];
  report.cancelled = options.signal?.aborted ?? false;
  report.caseIds = [...cases];
  return { report, cases: report.caseIds };
}

export async function importDicom(library: Library, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  const actor = options.actor ?? 'local';
  await sweepStore(library);
  recordAbortedImports(library);
  const importId = randomUUID();
  recordStarted(library, importId, actor);
  let result;
  try {
    result = await runImport(library, paths, options);
  } catch (error) {
    library.audit({ actor, action: FAILED, caseId: null, detail: { importId, code: (error as { code?: string }).code ?? 'import-failed' } });
    throw error;
  } finally {
    await clearIncoming(library.dataDir);
  }
  const { report, cases } = result;
  library.audit({
    actor,
    action: FINISHED,
    caseId: null,
    detail: {
      importId, imported: report.imported, skipped: report.skipped, conflicts: report.conflicts.length,
      failed: report.failed.length, dicomdirs: report.dicomdirs, cancelled: report.cancelled, cases,
    },
  });
  return report;
}
