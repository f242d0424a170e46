// DICOM SR measurement reports (TID 1500): a case's annotations written as one Comprehensive 3D SR, and
// a report read back into a case (annotations again, or kept report measurements).
export { attachReport, type AttachResult } from './attachReport.ts';
export { caseReport, type CaseReport } from './caseReport.ts';
export { ReportFormatError } from './contentDecode.ts';
export { isStructuredReportClass, readReport, type ReadReport } from './documentReader.ts';
