// What an import reports (the import job's result; `precis import --json` prints most of it): every
// file found is counted once. Types only, re-exported by api.ts.
import type { ImportFailureCode } from './errorCodes.ts';
import type { MeasurementReportImport } from './reports.ts';

export interface ImportFailure {
  path: string;
  code: ImportFailureCode;
  /** One sentence for a person; branch on `code`. */
  reason: string;
}

/** A file whose SOP Instance UID is already stored (or repeated in this import) with different bytes: not stored. */
export interface ImportConflict {
  path: string;
  SOPInstanceUID: string;
  code: 'conflict';
  reason: string;
}

/** Every file found is counted once: imported + skipped + conflicts + failed (+ dicomdirs read as an index). */
export interface ImportReport {
  imported: number;
  skipped: number;
  conflicts: ImportConflict[];
  failed: ImportFailure[];
  /** DICOMDIRs met in folders, read as an index rather than imported. */
  dicomdirs: number;
  cancelled: boolean;
  /** The cases (patients) that gained instances. */
  caseIds: string[];
  /** SR measurement reports (TID 1500) among the files: what each gave its case, or why it could not be read. */
  measurementReports?: MeasurementReportImport[];
  /** DICOM SEGs among the files: the labelmaps each gave its case, or why it could not be laid on its series. */
  segmentations?: SegmentationImport[];
}

/** A DICOM SEG an import met, once stored: kept as labelmaps over the series it segments (one model-run-like
 *  record per layer of non-overlapping segments, provenance 'imported DICOM SEG'). */
export interface SegmentationImport {
  /** The file imported; "(stored) <SOPInstanceUID>" for a SEG an earlier import stored, laid now that its images came. */
  path: string;
  SOPInstanceUID: string;
  caseId: string;
  /** The series it segments, when the case holds it. */
  SeriesInstanceUID: string | null;
  /** The runs recorded (inference.list), one per layer; empty when recorded before or not laid. */
  runIds: string[];
  segments: number;
  alreadyImported: boolean;
  /** Why it is not shown as a labelmap (unreadable, its series missing, another grid); the file itself is stored. */
  problem: string | null;
}
