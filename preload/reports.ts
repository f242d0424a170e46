// The contract's types for DICOM SR measurement reports (TID 1500): what an import kept from a report,
// what an import says about each report it met, and what an SR export wrote. Types only
// (re-exported by api.ts, which every side compiles against).

/** A coded concept as an SR writes it: code value, coding scheme designator, code meaning. */
export interface CodedValue {
  value: string;
  scheme: string;
  meaning: string;
}

/** A modifier of a measurement, e.g. Derivation = Mean, Measurement Method = ... */
export interface MeasurementModifier {
  name: CodedValue;
  value: CodedValue | string;
}

/** Where a kept measurement was drawn: patient mm (3D, x\y\z) or an image's pixels (2D, column\row). */
export interface ReportGeometry {
  graphicType: string;
  coordinates: '2D' | '3D';
  data: number[];
  frameOfReferenceUID: string | null;
  SOPInstanceUID: string | null;
}

/** A measurement of an imported report that did not become an annotation (no geometry, or its images
 *  are not in this case), kept as the report wrote it. */
export interface ReportMeasurement {
  /** 1-based measurement group of the report. */
  group: number;
  trackingIdentifier: string | null;
  trackingUniqueIdentifier: string | null;
  finding: CodedValue | null;
  findingSite: CodedValue | null;
  name: CodedValue;
  /** At full precision (FloatingPointValue when the report has one); null when the report gives none. */
  value: number | null;
  /** The value as written (DS), e.g. '6.01529'. */
  numericValue: string | null;
  /** UCUM, e.g. { value: 'ml', scheme: 'UCUM', meaning: 'Milliliter' }. */
  unit: CodedValue | null;
  /** Its own modifiers, then the group's that it does not override. */
  modifiers: MeasurementModifier[];
  geometry: ReportGeometry | null;
}

/** A measurement report imported into a case. */
export interface ImportedReport {
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  /** The document title, e.g. 'Imaging Measurement Report'. */
  title: string;
  observer: string | null;
  /** ContentDate and ContentTime as written (YYYYMMDDHHMMSS). */
  contentDateTime: string;
  /** Measurement groups in the report, and how many of them are annotations of the case. */
  groups: number;
  annotations: number;
  importedBy: string;
  importedAt: string;
  measurements: ReportMeasurement[];
}

/** What an import did with one measurement report (an SR file it stored). */
export interface MeasurementReportImport {
  path: string;
  SOPInstanceUID: string;
  caseId: string;
  /** Annotations made from its groups, and measurements kept as report measurements (0 and 0 with
   *  `alreadyImported` when an earlier import took them). */
  annotations: number;
  measurements: number;
  alreadyImported: boolean;
  /** Why its measurements could not be read; the SR file itself is stored all the same. */
  problem: string | null;
}

/** A case's measurements written as one DICOM SR file. */
export interface SrExport {
  caseId: string;
  file: string;
  /** Measurement groups written: one per annotation. */
  measurements: number;
  /** Measurement groups of accepted AI findings written (with TID 4019); proposed and rejected ones never are. */
  aiFindings: number;
  SOPInstanceUID: string;
  bytes: number;
}
