// What a Key Object Selection document copies from the study it belongs to: the Patient and General
// Study modules (PS3.3 C.7.1.1, C.7.2.1) as the source images carry them, so that an archive files the
// document under the same patient and study. Works on bytes (no I/O): the caller reads the file.
import { decodeText } from '../../dicom/charset.ts';
import { parseHeaderBytes } from '../../dicom/headers.ts';

/** Decoded text (Specific Character Set applied), '' when the attribute is absent or empty. */
export interface SourceStudy {
  PatientName: string;
  PatientID: string;
  IssuerOfPatientID: string;
  PatientBirthDate: string;
  PatientBirthTime: string;
  PatientSex: string;
  StudyInstanceUID: string;
  StudyDate: string;
  StudyTime: string;
  ReferringPhysicianName: string;
  StudyID: string;
  AccessionNumber: string;
  StudyDescription: string;
}

/** Keyword -> tag (dicom-parser's 'xggggeeee') of every attribute copied. */
const TAGS: Record<keyof SourceStudy, string> = {
  PatientName: 'x00100010',
  PatientID: 'x00100020',
  IssuerOfPatientID: 'x00100021',
  PatientBirthDate: 'x00100030',
  PatientBirthTime: 'x00100032',
  PatientSex: 'x00100040',
  StudyInstanceUID: 'x0020000d',
  StudyDate: 'x00080020',
  StudyTime: 'x00080030',
  ReferringPhysicianName: 'x00080090',
  StudyID: 'x00200010',
  AccessionNumber: 'x00080050',
  StudyDescription: 'x00081030',
};

/**
 * The patient and study attributes of one instance of the study, from its first bytes (up to the pixel
 * data; the whole file when it is deflated). Throws when the bytes do not hold a readable header.
 */
export function sourceStudyOf(bytes: Uint8Array): SourceStudy {
  const dataSet = parseHeaderBytes(bytes);
  const charset = (dataSet.string('x00080005') ?? '').trim();
  const value = (tag: string): string => {
    const element = dataSet.elements[tag];
    if (!element || element.length <= 0) return '';
    const raw = dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
    // Text values are padded to even length with a space (UIDs with a NUL).
    return decodeText(raw, charset).replace(/[\s\0]+$/, '').replace(/^\s+/, '');
  };
  const study = Object.fromEntries(Object.entries(TAGS).map(([keyword, tag]) => [keyword, value(tag)])) as unknown as SourceStudy;
  if (!study.StudyInstanceUID) throw new Error('the source image has no Study Instance UID');
  return study;
}
