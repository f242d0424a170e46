// A DICOM SR file as a measurement report: who and what it is about (patient, study, series, SOP
// Instance UIDs), whether it is a TID 1500 Imaging Measurement Report, its observer and content time,
// and its measurement groups. The whole file is parsed (an SR has no pixel data to stop at).
import dicomParser from 'dicom-parser';
import { C, sameCode, type Code } from './codes.ts';
import { decodeContent, ReportFormatError, textOf } from './contentDecode.ts';
import type { ContentItem } from './contentItem.ts';
import { T } from './dicomElements.ts';
import { measurementGroups, readGroup, type ReadGroup } from './groupReader.ts';

export interface ReadReport {
  SOPClassUID: string;
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  PatientID: string;
  /** The document title (root concept name). */
  title: Code | null;
  /** The root template (e.g. '1500'), when the file names one. */
  template: string | null;
  /** TID 1500, by its template or by its title (Imaging Measurement Report). */
  measurementReport: boolean;
  /** The Person Observer Name of the document's observation context, or null. */
  observer: string | null;
  /** ContentDate and ContentTime as written (YYYYMMDDHHMMSS...), or ''. */
  contentDateTime: string;
  root: ContentItem;
  groups: ReadGroup[];
}

/** Structured Report storage SOP classes (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.88.x). */
export const isStructuredReportClass = (sopClassUID: string): boolean => sopClassUID.startsWith('1.2.840.10008.5.1.4.1.1.88.');

function parseWhole(bytes: Uint8Array): dicomParser.DataSet {
  const part10 = bytes.length >= 132 && Buffer.from(bytes.subarray(128, 132)).toString('latin1') === 'DICM';
  try {
    return part10 ? dicomParser.parseDicom(bytes) : dicomParser.parseDicom(bytes, { TransferSyntaxUID: '1.2.840.10008.1.2' });
  } catch (error) {
    const inner = error && typeof error === 'object' && 'exception' in error ? (error as { exception: unknown }).exception : error;
    const text = typeof inner === 'string' ? inner : inner instanceof Error ? inner.message : String(inner);
    throw new ReportFormatError(/overrun|past end/i.test(text) ? 'the SR file ends in the middle of its content (truncated or damaged)' : 'the SR file cannot be parsed (damaged)');
  }
}

function observerOf(root: ContentItem): string | null {
  const name = root.children.find((c) => c.relationship === 'HAS OBS CONTEXT' && c.valueType === 'PNAME' && sameCode(c.concept, C.personObserverName));
  return name?.valueType === 'PNAME' && name.text ? name.text : null;
}

export function readReport(bytes: Uint8Array): ReadReport {
  const ds = parseWhole(bytes);
  const charset = textOf(ds, T.SpecificCharacterSet, '');
  const text = (t: number): string => textOf(ds, t, charset);
  const SOPClassUID = text(T.SOPClassUID);
  if (!isStructuredReportClass(SOPClassUID)) throw new ReportFormatError(`not a Structured Report (SOP Class ${SOPClassUID || 'missing'})`);
  const root = decodeContent(ds, charset);
  if (root.valueType !== 'CONTAINER') throw new ReportFormatError(`the document root is a ${root.valueType === 'OTHER' ? root.name : root.valueType}, not a CONTAINER`);
  const template = root.template;
  const measurementReport = template === '1500' || sameCode(root.concept, C.imagingMeasurementReport);
  return {
    SOPClassUID,
    SOPInstanceUID: text(T.SOPInstanceUID),
    SeriesInstanceUID: text(T.SeriesInstanceUID),
    StudyInstanceUID: text(T.StudyInstanceUID),
    PatientID: text(T.PatientID),
    title: root.concept,
    template,
    measurementReport,
    observer: observerOf(root),
    contentDateTime: `${text(T.ContentDate)}${text(T.ContentTime)}`,
    root,
    groups: measurementReport ? measurementGroups(root).map((g, k) => readGroup(g, k + 1)) : [],
  };
}
