// A case's annotations (all, or of one study) as the bytes of one TID 1500 SR: which study it reports
// on (the one given, else the study with the most annotations), the images referenced with their place
// and geometry, the Patient and Study attributes from one of that study's stored files, and the SR's
// series number (after the study's last). Accepted AI findings of the case's model runs follow the
// annotations, each as its own measurement group with the model's identification (aiFindingGroups.ts).
import type { AnnotationRecord } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import type { CaseFile } from '../../library/caseFile.ts';
import { acceptedAiFindings, aiFindingGroup, type AcceptedAiFinding } from './aiFindingGroups.ts';
import { writeReport, type ReferencedImage, type WrittenReport } from './documentWriter.ts';
import { planeOf } from './imagePlane.ts';
import { readStored } from '../../dicom/store.ts';
// The same Patient and Study attributes a Key Object Selection document copies (one reading of them).
import { sourceStudyOf } from '../kos/sourceStudy.ts';

export interface CaseReport extends WrittenReport {
  StudyInstanceUID: string;
  measurements: number;
  /** Accepted AI findings written (one measurement group each). */
  aiFindings: number;
}

interface SeriesPlace {
  StudyInstanceUID: string;
  Modality: string;
  SeriesNumber: number | null;
}

function seriesPlaces(caseFile: CaseFile): Map<string, SeriesPlace> {
  const places = new Map<string, SeriesPlace>();
  for (const study of caseFile.imaging.listStudies()) {
    for (const s of caseFile.imaging.listSeries(study.StudyInstanceUID)) {
      places.set(s.SeriesInstanceUID, { StudyInstanceUID: study.StudyInstanceUID, Modality: s.Modality, SeriesNumber: s.SeriesNumber });
    }
  }
  return places;
}

const studyOf = (a: AnnotationRecord, places: Map<string, SeriesPlace>): string | null =>
  a.StudyInstanceUID ?? (a.SeriesInstanceUID ? (places.get(a.SeriesInstanceUID)?.StudyInstanceUID ?? null) : null);

function referencedImages(caseFile: CaseFile, annotations: AnnotationRecord[], places: Map<string, SeriesPlace>): Map<string, ReferencedImage> {
  const images = new Map<string, ReferencedImage>();
  for (const a of annotations) {
    if (!a.SOPInstanceUID || images.has(a.SOPInstanceUID)) continue;
    const instance = caseFile.imaging.instance(a.SOPInstanceUID);
    const place = instance ? places.get(instance.SeriesInstanceUID) : undefined;
    if (!instance || !place) throw new AppError('not-found', `The image of measurement ${a.label || a.tool} (${a.SOPInstanceUID}) is not in this case any more.`);
    images.set(a.SOPInstanceUID, {
      SOPInstanceUID: instance.SOPInstanceUID, SeriesInstanceUID: instance.SeriesInstanceUID, StudyInstanceUID: place.StudyInstanceUID,
      Modality: place.Modality, FrameOfReferenceUID: a.FrameOfReferenceUID, sopClassUID: instance.SOPClassUID,
      numberOfFrames: instance.NumberOfFrames, plane: planeOf(instance),
    });
  }
  return images;
}

/** The study reported on: the one asked for, else the one with the most annotations and accepted AI findings (newest first on a tie). */
function chooseStudy(caseFile: CaseFile, annotations: AnnotationRecord[], findings: AcceptedAiFinding[], places: Map<string, SeriesPlace>): string {
  const counts = new Map<string, number>();
  for (const study of [...annotations.map((a) => studyOf(a, places)), ...findings.map((f) => f.StudyInstanceUID)]) {
    if (study) counts.set(study, (counts.get(study) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const study of caseFile.imaging.listStudies()) {
    if ((counts.get(study.StudyInstanceUID) ?? 0) > (best ? (counts.get(best) ?? 0) : 0)) best = study.StudyInstanceUID;
  }
  if (!best) throw new AppError('not-found', 'The measurements of this case name no study of it.');
  return best;
}

/** A stored file of the study, for its Patient and Study attributes: an image measured on, else any. */
function sourceFile(caseFile: CaseFile, study: string, images: Map<string, ReferencedImage>): string {
  const measured = [...images.values()].find((i) => i.StudyInstanceUID === study);
  const any = measured?.SOPInstanceUID ?? caseFile.imaging.listSeries(study).flatMap((s) => caseFile.imaging.listInstances(s.SeriesInstanceUID).slice(0, 1))[0]?.SOPInstanceUID;
  const path = any ? caseFile.imaging.storePath(any) : null;
  if (!path) throw new AppError('not-found', 'No stored file of this study is left to copy the patient and study from.');
  return path;
}

export async function caseReport(caseFile: CaseFile, dataDir: string, options: { StudyInstanceUID?: string; observer: string; at?: Date }): Promise<CaseReport> {
  const places = seriesPlaces(caseFile);
  const all = caseFile.annotations.list();
  const annotations = options.StudyInstanceUID ? all.filter((a) => studyOf(a, places) === options.StudyInstanceUID) : all;
  const allFindings = acceptedAiFindings(caseFile, (series) => places.get(series)?.StudyInstanceUID ?? null);
  const findings = options.StudyInstanceUID ? allFindings.filter((f) => f.StudyInstanceUID === options.StudyInstanceUID) : allFindings;
  if (annotations.length === 0 && findings.length === 0) {
    throw new AppError('not-found', options.StudyInstanceUID ? 'This study has no measurements or accepted AI findings to export.' : 'This case has no measurements or accepted AI findings to export.');
  }
  const images = referencedImages(caseFile, annotations, places);
  const study = options.StudyInstanceUID ?? chooseStudy(caseFile, annotations, findings, places);
  const source = sourceStudyOf(await readStored(dataDir, caseFile.storeKey, sourceFile(caseFile, study, images)));
  const numbers = caseFile.imaging.listSeries(study).map((s) => s.SeriesNumber ?? 0);
  const seriesNumber = Math.max(0, ...numbers) + 1;
  const aiGroups = findings.map(aiFindingGroup);
  const written = writeReport({ source, annotations, images, observer: options.observer, seriesNumber, at: options.at ?? new Date(), aiGroups });
  return { ...written, StudyInstanceUID: study, measurements: annotations.length, aiFindings: findings.length };
}
