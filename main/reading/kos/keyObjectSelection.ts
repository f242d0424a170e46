// A DICOM Key Object Selection Document (PS3.3 A.35.4, SOP class 1.2.840.10008.5.1.4.1.1.88.59) for the
// key images of one study: content tree TID 2010 with the document title (113000, DCM, "Of Interest"),
// a Key Object Description, and one IMAGE item per key image (its SOP class and instance, and the frame
// number when the image has several frames; COMPOSITE for a non-image object such as an RT Dose). Every
// referenced instance is listed in the Current Requested Procedure Evidence Sequence. Patient and study
// attributes are the source study's (sourceStudy.ts). Encoded as Explicit VR Little Endian by dcmjs; no I/O.
import { randomUUID } from 'node:crypto';
import type { NaturalizedDataset } from 'dcmjs';
import { uidFromSeed } from '../../dicom/demo/dicomWriter.ts';
import type { SourceStudy } from './sourceStudy.ts';

export const KEY_OBJECT_SELECTION_STORAGE = '1.2.840.10008.5.1.4.1.1.88.59';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = uidFromSeed('precis/kos-writer/implementation-class');
const IMPLEMENTATION_VERSION_NAME = 'PRECIS_KOS_1';
/** A series number far from the acquired series', so the document's series sorts after them. */
const KEY_OBJECT_SERIES_NUMBER = 9001;

/** One key image of the study. */
export interface KeyObjectImage {
  SOPClassUID: string;
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  /** 1-based frame of a multi-frame image; null for an image of one frame (the whole instance). */
  frame: number | null;
}

export interface KeyObjectInput {
  source: SourceStudy;
  /** In the order the document lists them; all of `source`'s study. */
  images: readonly KeyObjectImage[];
  /** The Key Object Description (113012, DCM): free text, e.g. who marked the images. */
  description: string;
  /** When the document is made: Content and Instance Creation Date/Time, in local time as DICOM writes them. */
  at: Date;
  /** Fresh ones (newUid()) unless given. */
  SOPInstanceUID?: string;
  SeriesInstanceUID?: string;
}

/** A UID under the 2.25 root (PS3.5 B.2): a random UUID as a decimal integer. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString(10)}`;
}

const two = (n: number): string => String(n).padStart(2, '0');
const dicomDate = (d: Date): string => `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}`;
const dicomTime = (d: Date): string => `${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
const code = (value: string, scheme: string, meaning: string): NaturalizedDataset[] => [
  { CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning },
];

/** Type 3 attributes are left out when empty; type 2 ones are written empty (present, no value). */
function optional(keyword: string, value: string): NaturalizedDataset {
  return value ? { [keyword]: value } : {};
}

/** Study -> series -> instances, each instance once (several frames of one image are one instance). */
function evidence(studyInstanceUID: string, images: readonly KeyObjectImage[]): NaturalizedDataset[] {
  const series = new Map<string, Map<string, string>>();
  for (const image of images) {
    const instances = series.get(image.SeriesInstanceUID) ?? new Map<string, string>();
    instances.set(image.SOPInstanceUID, image.SOPClassUID);
    series.set(image.SeriesInstanceUID, instances);
  }
  return [{
    StudyInstanceUID: studyInstanceUID,
    ReferencedSeriesSequence: [...series].map(([SeriesInstanceUID, instances]) => ({
      SeriesInstanceUID,
      ReferencedSOPSequence: [...instances].map(([sop, sopClass]) => ({ ReferencedSOPClassUID: sopClass, ReferencedSOPInstanceUID: sop })),
    })),
  }];
}

/**
 * Storage SOP classes that are not images although some carry pixel data (RT Dose's dose grid): TID 2010
 * references them as COMPOSITE, which names no frame. SR documents, presentation states, waveforms,
 * encapsulated documents and the RT objects other than RT Image.
 */
function isImageClass(sopClassUID: string): boolean {
  const storage = '1.2.840.10008.5.1.4.1.1.';
  if (!sopClassUID.startsWith(storage)) return true;
  const rest = sopClassUID.slice(storage.length);
  return !/^(88|11|104|9)\./.test(rest) && !(rest.startsWith('481.') && rest !== '481.1');
}

/** One IMAGE item (the frame named for a multi-frame image), or COMPOSITE for an object that is no image. */
function imageItem(image: KeyObjectImage): NaturalizedDataset {
  const reference: NaturalizedDataset = { ReferencedSOPClassUID: image.SOPClassUID, ReferencedSOPInstanceUID: image.SOPInstanceUID };
  if (!isImageClass(image.SOPClassUID)) return { RelationshipType: 'CONTAINS', ValueType: 'COMPOSITE', ReferencedSOPSequence: [reference] };
  if (image.frame !== null) reference.ReferencedFrameNumber = image.frame;
  return { RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ReferencedSOPSequence: [reference] };
}

/** One item per key image; the frames of a non-image object are one COMPOSITE item (it names no frame). */
function contentItems(images: readonly KeyObjectImage[]): NaturalizedDataset[] {
  const seen = new Set<string>();
  return images.map(imageItem).filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The whole data set (without the meta group), as dcmjs' naturalized object. */
export function keyObjectDataset(input: KeyObjectInput & { SOPInstanceUID: string; SeriesInstanceUID: string }): NaturalizedDataset {
  const { source: s, images, at } = input;
  if (images.length === 0) throw new Error('a Key Object Selection document needs at least one image');
  const texts = [...Object.values(s), input.description];
  // Text is written as UTF-8 (dcmjs); name the character set only when a value needs more than ASCII.
  const unicode = texts.some((t) => /[^\x20-\x7e]/.test(t));
  return {
    ...(unicode ? { SpecificCharacterSet: 'ISO_IR 192' } : {}),
    SOPClassUID: KEY_OBJECT_SELECTION_STORAGE,
    SOPInstanceUID: input.SOPInstanceUID,
    InstanceCreationDate: dicomDate(at),
    InstanceCreationTime: dicomTime(at),
    // Patient (C.7.1.1).
    PatientName: s.PatientName,
    PatientID: s.PatientID,
    ...optional('IssuerOfPatientID', s.IssuerOfPatientID),
    PatientBirthDate: s.PatientBirthDate,
    ...optional('PatientBirthTime', s.PatientBirthTime),
    PatientSex: s.PatientSex,
    // General Study (C.7.2.1).
    StudyInstanceUID: s.StudyInstanceUID,
    StudyDate: s.StudyDate,
    StudyTime: s.StudyTime,
    ReferringPhysicianName: s.ReferringPhysicianName,
    StudyID: s.StudyID,
    AccessionNumber: s.AccessionNumber,
    ...optional('StudyDescription', s.StudyDescription),
    // Key Object Document Series (C.17.6.1) and General Equipment (C.7.5.1).
    Modality: 'KO',
    SeriesInstanceUID: input.SeriesInstanceUID,
    SeriesNumber: KEY_OBJECT_SERIES_NUMBER,
    SeriesDescription: 'Key images',
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: 'Precis',
    // Key Object Document (C.17.6.2).
    InstanceNumber: 1,
    ContentDate: dicomDate(at),
    ContentTime: dicomTime(at),
    CurrentRequestedProcedureEvidenceSequence: evidence(s.StudyInstanceUID, images),
    // SR Document Content (C.17.3), TID 2010.
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: code('113000', 'DCM', 'Of Interest'),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    ContentSequence: [
      { RelationshipType: 'CONTAINS', ValueType: 'TEXT', ConceptNameCodeSequence: code('113012', 'DCM', 'Key Object Description'), TextValue: input.description },
      ...contentItems(images),
    ],
  };
}

/** The document as a Part 10 file, and its SOP Instance UID. */
export async function encodeKeyObjectSelection(input: KeyObjectInput): Promise<{ bytes: Uint8Array; SOPInstanceUID: string }> {
  const SOPInstanceUID = input.SOPInstanceUID ?? newUid();
  const dataset = keyObjectDataset({ ...input, SOPInstanceUID, SeriesInstanceUID: input.SeriesInstanceUID ?? newUid() });
  // dcmjs is 1.3 MB of JavaScript: loaded when a document is written, not at every start of the CLI.
  const { default: dcmjs } = await import('dcmjs');
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: Uint8Array.of(0, 1).buffer,
    MediaStorageSOPClassUID: KEY_OBJECT_SELECTION_STORAGE,
    MediaStorageSOPInstanceUID: SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  }));
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return { bytes: new Uint8Array(file.write()), SOPInstanceUID };
}
