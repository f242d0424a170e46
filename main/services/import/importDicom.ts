// DICOM import: read every header, group by patient and series, store each series and commit it in one
// transaction (importSeries.ts). A killed import leaves whole series or nothing; running it again skips
// what is already there (same SOP Instance UID and bytes) and completes the rest. Every file found is
// counted once: imported, skipped, a conflict, failed, or a DICOMDIR read as an index.
import { randomUUID } from 'node:crypto';
import type { ImportReport } from '../../../preload/api.ts';
import type { Library } from '../../library/index.ts';
import { expandPaths } from '../../dicom/expandPaths.ts';
import { FAILED, FINISHED, recordAbortedImports, recordStarted } from './importRuns.ts';
import { groupBySeries, scanFiles } from '../../dicom/importScan.ts';
import { importSeries } from './importSeries.ts';
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

async function runImport(library: Library, paths: readonly string[], options: ImportOptions): Promise<{ report: ImportReport; cases: string[] }> {
  const reader = sourceReader(options.staging ?? null);
  const { files, failed, dicomdirs: given } = await expandPaths(paths);
  const scan = await scanFiles(files, failed, reader, {
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.({ phase: 'scanning', done, total }),
  });
  const { groups, repeats, conflicts } = await groupBySeries(scan.read, reader, failed);
  const report: ImportReport = { imported: 0, skipped: repeats, conflicts, failed, dicomdirs: given + scan.dicomdirs, cancelled: false, caseIds: [] };
  const total = [...groups.values()].reduce((n, g) => n + g.length, 0);
  let done = 0;
  options.onProgress?.({ phase: 'storing', done, total });
  const cases = new Set<string>();
  for (const group of groups.values()) {
    if (options.signal?.aborted) break;
    const outcome = await importSeries(group, {
      library, reader, signal: options.signal,
      onFile: () => options.onProgress?.({ phase: 'storing', done: ++done, total }),
    });
    report.imported += outcome.imported;
    report.skipped += outcome.skipped;
    conflicts.push(...outcome.conflicts);
    failed.push(...outcome.failed);
    if (outcome.imported > 0) cases.add(outcome.caseId);
  }
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
