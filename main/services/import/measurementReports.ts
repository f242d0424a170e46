// Measurement reports (DICOM SR, TID 1500) met by an import: once the SR file is committed to the case
// of the patient it names (as any instance is), its measurements are attached to that case
// (main/reading/sr/attachReport.ts). This runs after the whole import has stored its series, so that the
// images a report measures, imported in the same run, are in the case first. It reads the stored copy
// (what the case holds), and an SR already stored by an earlier import is attached again if that import
// was killed before doing so (a recorded report adds nothing). A report that cannot be read never fails
// the import: the SR file stays stored, and the problem is in the import's report and the case's audit.
import type { MeasurementReportImport } from '../../../preload/api.ts';
import { readStored } from '../../dicom/store.ts';
import type { ReadFile } from '../../dicom/importScan.ts';
import { errorMessage } from '../../errors.ts';
import type { Library } from '../../library/index.ts';
import { attachReport, isStructuredReportClass, readReport, ReportFormatError } from '../../reading/sr/index.ts';
import type { SeriesOutcome } from './importSeries.ts';

export interface PendingReport {
  caseId: string;
  path: string;
  SOPInstanceUID: string;
}

/** The SR files of a series the case now holds (stored now or already there with the same bytes). */
export function pendingReports(group: readonly ReadFile[], outcome: SeriesOutcome): PendingReport[] {
  if (outcome.cancelled) return [];
  const notStored = new Set([...outcome.failed.map((f) => f.path), ...outcome.conflicts.map((c) => c.path)]);
  return group
    .filter((f) => isStructuredReportClass(f.header.instance.SOPClassUID) && !notStored.has(f.path))
    .map((f) => ({ caseId: outcome.caseId, path: f.path, SOPInstanceUID: f.header.instance.SOPInstanceUID }));
}

function problemOf(error: unknown): string {
  if (error instanceof ReportFormatError) return `its measurements cannot be read: ${error.message}`;
  const code = (error as { code?: string }).code;
  return `its measurements could not be attached to the case (${code ?? errorMessage(error)})`;
}

async function attachOne(library: Library, pending: PendingReport, actor: string): Promise<MeasurementReportImport | null> {
  const caseFile = library.openCase(pending.caseId);
  const storePath = caseFile.imaging.storePath(pending.SOPInstanceUID);
  if (!storePath) return null;
  const base = { path: pending.path, SOPInstanceUID: pending.SOPInstanceUID, caseId: pending.caseId };
  // Recorded by an earlier import: nothing to read (attachReport checks again under the write lock).
  if (caseFile.reports.has(pending.SOPInstanceUID)) return { ...base, annotations: 0, measurements: 0, alreadyImported: true, problem: null };
  try {
    const report = readReport(await readStored(library.dataDir, caseFile.storeKey, storePath));
    if (!report.measurementReport) return null;
    const result = attachReport(caseFile, report, actor);
    return { ...base, annotations: result.annotations, measurements: result.measurements, alreadyImported: result.alreadyImported, problem: null };
  } catch (error) {
    const problem = problemOf(error);
    try {
      caseFile.audit('report.import-failed', actor, { SOPInstanceUID: pending.SOPInstanceUID, problem });
    } catch {
      // The audit cannot be written either (e.g. a full disk): the import's report still says it.
    }
    return { ...base, annotations: 0, measurements: 0, alreadyImported: false, problem };
  }
}

/** Attaches every pending report, in the order met; stops early only when cancelled. */
export async function attachReports(library: Library, pending: readonly PendingReport[], actor: string, signal?: AbortSignal): Promise<MeasurementReportImport[]> {
  const results: MeasurementReportImport[] = [];
  for (const p of pending) {
    if (signal?.aborted) break;
    const result = await attachOne(library, p, actor);
    if (result) results.push(result);
  }
  return results;
}
