// A case's annotations as one Comprehensive 3D SR (1.2.840.10008.5.1.4.1.1.88.34) holding a TID 1500
// Imaging Measurement Report: the Patient and General Study modules copied from the study reported on,
// a new SR series and instance, the Current Requested Procedure Evidence (and Pertinent Other Evidence
// for images of other studies) naming every image referenced, and the content tree: language, observer,
// procedure reported, the Image Library, then one Measurement Group per annotation (groupWriter.ts).
import type { AnnotationRecord } from '../../../preload/api.ts';
import { C, PRIVATE_SCHEME, PRIVATE_SCHEME_NAME, type Code } from './codes.ts';
import { codeItem, container, item, textItem, type ContentItem } from './contentItem.ts';
import { contentElements, referencedSop } from './contentEncode.ts';
import { seq, str, T, type Dataset } from './dicomElements.ts';
import { encodePart10 } from './dicomWriter.ts';
import { measurementGroup, type AnnotationImage } from './groupWriter.ts';
import type { SourceStudy } from '../kos/sourceStudy.ts';
import { dicomDateTime, newUid } from './values.ts';

export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';
/** Software Versions (0018,1020): this writer's version, raised when what it writes changes. */
const WRITER_VERSION = 'Precis SR writer 1';

/** An image an annotation references, with where it sits in the case. */
export interface ReferencedImage extends AnnotationImage {
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  Modality: string;
  FrameOfReferenceUID: string | null;
}

export interface ReportInput {
  source: SourceStudy;
  annotations: AnnotationRecord[];
  /** Every image the annotations reference, by SOP Instance UID. */
  images: ReadonlyMap<string, ReferencedImage>;
  observer: string;
  seriesNumber: number;
  at: Date;
  /** Measurement groups of accepted AI findings (aiFindingGroups.ts), after the annotations'. */
  aiGroups?: ContentItem[];
}

export interface WrittenReport {
  bytes: Buffer;
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
}

function procedureOf(images: Iterable<ReferencedImage>): Code {
  const modalities = new Set([...images].map((i) => i.Modality));
  if (modalities.size === 1 && modalities.has('CT')) return C.ctProcedure;
  if (modalities.size === 1 && modalities.has('MR')) return C.mrProcedure;
  return C.imagingProcedure;
}

/** TID 1600: one Image Library Group per series, with its Frame of Reference when known. */
function imageLibrary(images: ReferencedImage[]): ContentItem {
  const bySeries = new Map<string, ReferencedImage[]>();
  for (const image of images) bySeries.set(image.SeriesInstanceUID, [...(bySeries.get(image.SeriesInstanceUID) ?? []), image]);
  const groups = [...bySeries.values()].map((series) => {
    const frameOfReference = series.find((i) => i.FrameOfReferenceUID)?.FrameOfReferenceUID;
    const context = frameOfReference ? [textItem('HAS ACQ CONTEXT', 'UIDREF', C.frameOfReferenceUid, frameOfReference)] : [];
    const entries = series.map((i) => item('CONTAINS', 'IMAGE', null, { ref: { sopClassUID: i.sopClassUID, sopInstanceUID: i.SOPInstanceUID, frames: [] } }));
    return container('CONTAINS', C.imageLibraryGroup, [...context, ...entries]);
  });
  return container('CONTAINS', C.imageLibrary, groups, '1600');
}

/** Hierarchical SOP Instance Reference Macro items, one per study (PS3.3 C.17.2.1). */
function evidence(images: ReferencedImage[]): Dataset[] {
  const studies = new Map<string, Map<string, ReferencedImage[]>>();
  for (const image of images) {
    const series = studies.get(image.StudyInstanceUID) ?? new Map<string, ReferencedImage[]>();
    series.set(image.SeriesInstanceUID, [...(series.get(image.SeriesInstanceUID) ?? []), image]);
    studies.set(image.StudyInstanceUID, series);
  }
  return [...studies].map(([study, series]) => [
    str(T.StudyInstanceUID, 'UI', study),
    seq(T.ReferencedSeriesSequence, [...series].map(([uid, list]) => [
      str(T.SeriesInstanceUID, 'UI', uid),
      seq(T.ReferencedSOPSequence, list.map((i) => referencedSop({ sopClassUID: i.sopClassUID, sopInstanceUID: i.SOPInstanceUID, frames: [] }))),
    ])),
  ]);
}

function contentTree(input: ReportInput, images: ReferencedImage[]): ContentItem {
  const groups = [...input.annotations.map((a) => measurementGroup(a, a.SOPInstanceUID ? (input.images.get(a.SOPInstanceUID) ?? null) : null)), ...(input.aiGroups ?? [])];
  return container(null, C.imagingMeasurementReport, [
    codeItem('HAS CONCEPT MOD', C.language, C.englishUS),
    codeItem('HAS OBS CONTEXT', C.observerType, C.person),
    textItem('HAS OBS CONTEXT', 'PNAME', C.personObserverName, input.observer.replaceAll('\\', '/')),
    codeItem('HAS CONCEPT MOD', C.procedureReported, procedureOf(images)),
    imageLibrary(images),
    container('CONTAINS', C.imagingMeasurements, groups),
  ], '1500');
}

export function writeReport(input: ReportInput): WrittenReport {
  const SOPInstanceUID = newUid();
  const SeriesInstanceUID = newUid();
  const { date, time } = dicomDateTime(input.at);
  const s = input.source;
  const images = [...input.images.values()];
  const own = images.filter((i) => i.StudyInstanceUID === s.StudyInstanceUID);
  const other = images.filter((i) => i.StudyInstanceUID !== s.StudyInstanceUID);
  const dataset: Dataset = [
    str(T.SpecificCharacterSet, 'CS', 'ISO_IR 192'),
    str(T.InstanceCreationDate, 'DA', date), str(T.InstanceCreationTime, 'TM', time), str(T.TimezoneOffsetFromUTC, 'SH', '+0000'),
    str(T.SOPClassUID, 'UI', COMPREHENSIVE_3D_SR), str(T.SOPInstanceUID, 'UI', SOPInstanceUID),
    str(T.StudyDate, 'DA', s.StudyDate), str(T.StudyTime, 'TM', s.StudyTime),
    str(T.SeriesDate, 'DA', date), str(T.SeriesTime, 'TM', time), str(T.ContentDate, 'DA', date), str(T.ContentTime, 'TM', time),
    str(T.AccessionNumber, 'SH', s.AccessionNumber), str(T.Modality, 'CS', 'SR'),
    str(T.Manufacturer, 'LO', 'Precis'), str(T.ManufacturerModelName, 'LO', 'Precis'), str(T.SoftwareVersions, 'LO', WRITER_VERSION),
    str(T.ReferringPhysicianName, 'PN', s.ReferringPhysicianName),
    seq(T.CodingSchemeIdentificationSequence, [[str(T.CodingSchemeDesignator, 'SH', PRIVATE_SCHEME), str(T.CodingSchemeName, 'ST', PRIVATE_SCHEME_NAME), str(T.CodingSchemeResponsibleOrganization, 'ST', 'Precis')]]),
    str(T.StudyDescription, 'LO', s.StudyDescription), str(T.SeriesDescription, 'LO', 'Precis measurements'),
    seq(T.ReferencedPerformedProcedureStepSequence, []),
    str(T.PatientName, 'PN', s.PatientName), str(T.PatientID, 'LO', s.PatientID), str(T.PatientBirthDate, 'DA', s.PatientBirthDate), str(T.PatientSex, 'CS', s.PatientSex),
    // Type 3: only when the images have them.
    ...(s.IssuerOfPatientID ? [str(T.IssuerOfPatientID, 'LO', s.IssuerOfPatientID)] : []),
    ...(s.PatientBirthTime ? [str(T.PatientBirthTime, 'TM', s.PatientBirthTime)] : []),
    str(T.StudyInstanceUID, 'UI', s.StudyInstanceUID), str(T.SeriesInstanceUID, 'UI', SeriesInstanceUID), str(T.StudyID, 'SH', s.StudyID),
    str(T.SeriesNumber, 'IS', String(input.seriesNumber)), str(T.InstanceNumber, 'IS', '1'),
    str(T.CompletionFlag, 'CS', 'COMPLETE'), str(T.VerificationFlag, 'CS', 'UNVERIFIED'),
    seq(T.PerformedProcedureCodeSequence, []),
    ...(own.length > 0 ? [seq(T.CurrentRequestedProcedureEvidenceSequence, evidence(own))] : []),
    ...(other.length > 0 ? [seq(T.PertinentOtherEvidenceSequence, evidence(other))] : []),
    ...contentElements(contentTree(input, images)),
  ];
  return { bytes: encodePart10(dataset, COMPREHENSIVE_3D_SR, SOPInstanceUID), SOPInstanceUID, SeriesInstanceUID };
}
