// Annotations of a case (issue 13): listed, saved and removed for the viewer (API) and the CLI alike.
// A save checks that the image it names belongs to the case, so that a measurement can never be filed
// under another patient's case; every save and removal is audited in the case (repository).
import type { AnnotationInput, AnnotationRecord, Finding } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { openKnownCase } from './reading.ts';

export function listAnnotations(core: Core, caseId: string, seriesInstanceUID?: string): AnnotationRecord[] {
  return openKnownCase(core, caseId).annotations.list(seriesInstanceUID);
}

export function saveAnnotation(core: Core, caseId: string, input: AnnotationInput): AnnotationRecord {
  const caseFile = openKnownCase(core, caseId);
  if (input.SOPInstanceUID !== null) {
    const instance = caseFile.imaging.instance(input.SOPInstanceUID);
    if (!instance) throw new AppError('not-found', 'The image this measurement was drawn on is not in this patient\'s case.');
    if (input.frame !== null && input.frame > instance.NumberOfFrames) {
      throw new AppError('invalid-argument', `This image has ${instance.NumberOfFrames} frame(s); the measurement names frame ${input.frame}.`);
    }
  } else if (!input.FrameOfReferenceUID) {
    throw new AppError('invalid-argument', 'A measurement needs its image, or on a reformatted plane its Frame of Reference.');
  }
  const study = input.SOPInstanceUID === null ? null : caseFile.imaging.studyOf(input.SOPInstanceUID);
  return caseFile.annotations.save(input, core.actor, study);
}

export function setFinding(core: Core, caseId: string, annotationUID: string, finding: Finding | null): AnnotationRecord {
  const record = openKnownCase(core, caseId).annotations.setFinding(annotationUID, finding, core.actor);
  if (!record) throw new AppError('not-found', 'This measurement is not in the case any more.');
  return record;
}

export function deleteAnnotation(core: Core, caseId: string, annotationUID: string): boolean {
  return openKnownCase(core, caseId).annotations.remove(annotationUID, core.actor);
}
