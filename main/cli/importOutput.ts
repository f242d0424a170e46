// What `precis import` prints: the whole report as JSON, or for a person one line per cause with its
// count (a full disk is said once, not once per file) and a few of the files concerned.
import type { ImportReport } from '../../preload/api.ts';
import type { ErrorCode } from '../../preload/errorCodes.ts';

/** The report `--json` prints (the README's "Command line" section shows the same shape). */
export function importJson(report: ImportReport): string {
  const { imported, skipped, conflicts, failed, dicomdirs, measurementReports, segmentations } = report;
  // Measurement reports (DICOM SR, TID 1500) and SEGs only when the import met one, so that other imports' shape stays as it was.
  return JSON.stringify({ imported, skipped, conflicts, failed, dicomdirs, ...(measurementReports?.length ? { measurementReports } : {}), ...(segmentations?.length ? { segmentations } : {}) });
}

const CAUSES: Partial<Record<ErrorCode, string>> = {
  'not-dicom': 'not DICOM files',
  truncated: 'truncated DICOM files',
  'missing-uid': 'DICOM files without a SOP, study or series Instance UID',
  unreadable: 'files that could not be read',
  'not-found': 'files or folders not found',
  'no-space': 'files could not be stored: the disk is full or too small for them',
  'store-failed': 'files could not be written into the store',
  conflict: 'files have the SOP Instance UID of a stored image but different content (kept apart, not stored)',
};

/** Files shown per cause; the JSON lists them all. */
const EXAMPLES = 3;

function groupByCode(entries: ReadonlyArray<{ path: string; code: ErrorCode; reason: string }>): Map<ErrorCode, Array<{ path: string; reason: string }>> {
  const groups = new Map<ErrorCode, Array<{ path: string; reason: string }>>();
  for (const e of entries) {
    const group = groups.get(e.code);
    if (group) group.push(e);
    else groups.set(e.code, [e]);
  }
  return groups;
}

export function importText(report: ImportReport): string {
  const lines = [
    `imported ${report.imported}, skipped ${report.skipped} already in the library, conflicts ${report.conflicts.length}, failed ${report.failed.length}` +
      (report.dicomdirs > 0 ? `, DICOMDIRs read as an index ${report.dicomdirs}` : ''),
  ];
  for (const [code, entries] of groupByCode([...report.conflicts, ...report.failed])) {
    lines.push(`  ${entries.length} ${CAUSES[code] ?? code} (${code})`);
    const reasons = new Set(entries.map((e) => e.reason));
    for (const e of entries.slice(0, EXAMPLES)) lines.push(reasons.size === 1 ? `    ${e.path}` : `    ${e.path}: ${e.reason}`);
    if (reasons.size === 1) lines.push(`    why: ${entries[0]?.reason}`);
    if (entries.length > EXAMPLES) lines.push(`    ... and ${entries.length - EXAMPLES} more (--json lists every file)`);
  }
  for (const r of report.measurementReports ?? []) {
    const what = r.problem ?? (r.alreadyImported ? 'already imported' : `${r.annotations} annotation(s) made from it, ${r.measurements} measurement(s) kept as report measurements`);
    lines.push(`  measurement report ${r.path}: ${what}`);
  }
  for (const s of report.segmentations ?? []) {
    const what = s.problem ?? (s.alreadyImported ? 'already imported' : `${s.segments} segment(s) shown as ${s.runIds.length} labelmap(s) over series ${s.SeriesInstanceUID}`);
    lines.push(`  segmentation ${s.path}: ${what}`);
  }
  return `${lines.join('\n')}\n`;
}
