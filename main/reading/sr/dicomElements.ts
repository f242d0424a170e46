// The DICOM data elements an SR is written from: a tag, its VR and its values, built by a few small
// helpers so that the document writer reads as the list of attributes it sets. Only the VRs an SR
// needs; every string is checked against its VR's length limit here (an explicit error, never a cut).

/** The VRs this writer encodes. */
export type Vr = 'AE' | 'CS' | 'DA' | 'DS' | 'DT' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UC' | 'UI' | 'UT' | 'FL' | 'FD' | 'US' | 'UL' | 'AT' | 'OB' | 'SQ';

export type Dataset = Element[];

export type Element =
  | { tag: number; vr: Exclude<Vr, 'FL' | 'FD' | 'US' | 'UL' | 'AT' | 'OB' | 'SQ'>; values: string[] }
  | { tag: number; vr: 'FL' | 'FD' | 'US' | 'UL'; values: number[] }
  /** Attribute Tag: each value a tag as tag() makes it (the DICOM SEG's Dimension Index Pointers). */
  | { tag: number; vr: 'AT'; values: number[] }
  | { tag: number; vr: 'OB'; bytes: Uint8Array }
  | { tag: number; vr: 'SQ'; items: Dataset[] };

/** Maximum characters of one value (PS3.5 Table 6.2-1); PN: per component group. */
const MAX_CHARS: Partial<Record<Vr, number>> = {
  AE: 16, CS: 16, DA: 8, DS: 16, DT: 26, IS: 12, LO: 64, PN: 64, SH: 16, TM: 14, UI: 64, ST: 1024, LT: 10240,
};

/** (gggg,eeee) as one number, e.g. tag(0x0040, 0xa730). */
export const tag = (group: number, element: number): number => ((group << 16) | element) >>> 0;

export const tagText = (t: number): string => `(${(t >>> 16).toString(16).padStart(4, '0')},${(t & 0xffff).toString(16).padStart(4, '0')})`.toUpperCase();

function checked(t: number, vr: Vr, values: string[]): string[] {
  const limit = MAX_CHARS[vr];
  for (const value of values) {
    const parts = vr === 'PN' ? value.split('=') : [value];
    if (limit !== undefined && parts.some((p) => [...p].length > limit)) {
      throw new RangeError(`${tagText(t)} ${vr} holds at most ${limit} characters: "${value.slice(0, 80)}" is longer`);
    }
  }
  return values;
}

/** A string element; `undefined` or '' values make an empty (type 2) element. */
export function str(t: number, vr: Exclude<Vr, 'FL' | 'FD' | 'US' | 'UL' | 'AT' | 'OB' | 'SQ'>, ...values: Array<string | undefined>): Element {
  const present = values.filter((v): v is string => v !== undefined);
  return { tag: t, vr, values: checked(t, vr, present.length === 1 && present[0] === '' ? [] : present) };
}

export const num = (t: number, vr: 'FL' | 'FD' | 'US' | 'UL', ...values: number[]): Element => ({ tag: t, vr, values });

export const at = (t: number, ...values: number[]): Element => ({ tag: t, vr: 'AT', values });

export const seq = (t: number, items: Dataset[]): Element => ({ tag: t, vr: 'SQ', items });

export const bytes = (t: number, value: Uint8Array): Element => ({ tag: t, vr: 'OB', bytes: value });

/** The tags the SR writer and reader use, by DICOM keyword. */
export const T = {
  FileMetaInformationGroupLength: tag(0x0002, 0x0000),
  FileMetaInformationVersion: tag(0x0002, 0x0001),
  MediaStorageSOPClassUID: tag(0x0002, 0x0002),
  MediaStorageSOPInstanceUID: tag(0x0002, 0x0003),
  TransferSyntaxUID: tag(0x0002, 0x0010),
  ImplementationClassUID: tag(0x0002, 0x0012),
  ImplementationVersionName: tag(0x0002, 0x0013),
  SpecificCharacterSet: tag(0x0008, 0x0005),
  InstanceCreationDate: tag(0x0008, 0x0012),
  InstanceCreationTime: tag(0x0008, 0x0013),
  SOPClassUID: tag(0x0008, 0x0016),
  SOPInstanceUID: tag(0x0008, 0x0018),
  StudyDate: tag(0x0008, 0x0020),
  SeriesDate: tag(0x0008, 0x0021),
  ContentDate: tag(0x0008, 0x0023),
  StudyTime: tag(0x0008, 0x0030),
  SeriesTime: tag(0x0008, 0x0031),
  ContentTime: tag(0x0008, 0x0033),
  AccessionNumber: tag(0x0008, 0x0050),
  Modality: tag(0x0008, 0x0060),
  Manufacturer: tag(0x0008, 0x0070),
  ReferringPhysicianName: tag(0x0008, 0x0090),
  CodeValue: tag(0x0008, 0x0100),
  CodingSchemeDesignator: tag(0x0008, 0x0102),
  CodeMeaning: tag(0x0008, 0x0104),
  MappingResource: tag(0x0008, 0x0105),
  CodingSchemeIdentificationSequence: tag(0x0008, 0x0110),
  CodingSchemeName: tag(0x0008, 0x0115),
  CodingSchemeResponsibleOrganization: tag(0x0008, 0x0116),
  LongCodeValue: tag(0x0008, 0x0119),
  TimezoneOffsetFromUTC: tag(0x0008, 0x0201),
  StudyDescription: tag(0x0008, 0x1030),
  SeriesDescription: tag(0x0008, 0x103e),
  ManufacturerModelName: tag(0x0008, 0x1090),
  ReferencedPerformedProcedureStepSequence: tag(0x0008, 0x1111),
  ReferencedSeriesSequence: tag(0x0008, 0x1115),
  ReferencedSOPClassUID: tag(0x0008, 0x1150),
  ReferencedSOPInstanceUID: tag(0x0008, 0x1155),
  ReferencedFrameNumber: tag(0x0008, 0x1160),
  ReferencedSOPSequence: tag(0x0008, 0x1199),
  PatientName: tag(0x0010, 0x0010),
  PatientID: tag(0x0010, 0x0020),
  IssuerOfPatientID: tag(0x0010, 0x0021),
  PatientBirthDate: tag(0x0010, 0x0030),
  PatientBirthTime: tag(0x0010, 0x0032),
  PatientSex: tag(0x0010, 0x0040),
  SoftwareVersions: tag(0x0018, 0x1020),
  StudyInstanceUID: tag(0x0020, 0x000d),
  SeriesInstanceUID: tag(0x0020, 0x000e),
  StudyID: tag(0x0020, 0x0010),
  SeriesNumber: tag(0x0020, 0x0011),
  InstanceNumber: tag(0x0020, 0x0013),
  MeasurementUnitsCodeSequence: tag(0x0040, 0x08ea),
  RelationshipType: tag(0x0040, 0xa010),
  ValueType: tag(0x0040, 0xa040),
  ConceptNameCodeSequence: tag(0x0040, 0xa043),
  ContinuityOfContent: tag(0x0040, 0xa050),
  DateTime: tag(0x0040, 0xa120),
  Date: tag(0x0040, 0xa121),
  Time: tag(0x0040, 0xa122),
  PersonName: tag(0x0040, 0xa123),
  UID: tag(0x0040, 0xa124),
  TextValue: tag(0x0040, 0xa160),
  FloatingPointValue: tag(0x0040, 0xa161),
  ConceptCodeSequence: tag(0x0040, 0xa168),
  MeasuredValueSequence: tag(0x0040, 0xa300),
  NumericValueQualifierCodeSequence: tag(0x0040, 0xa301),
  NumericValue: tag(0x0040, 0xa30a),
  PerformedProcedureCodeSequence: tag(0x0040, 0xa372),
  CurrentRequestedProcedureEvidenceSequence: tag(0x0040, 0xa375),
  PertinentOtherEvidenceSequence: tag(0x0040, 0xa385),
  CompletionFlag: tag(0x0040, 0xa491),
  VerificationFlag: tag(0x0040, 0xa493),
  ContentTemplateSequence: tag(0x0040, 0xa504),
  TemplateIdentifier: tag(0x0040, 0xdb00),
  ContentSequence: tag(0x0040, 0xa730),
  GraphicData: tag(0x0070, 0x0022),
  GraphicType: tag(0x0070, 0x0023),
  ReferencedFrameOfReferenceUID: tag(0x3006, 0x0024),
} as const;
