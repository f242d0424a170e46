// A measurement report read from an SR the case holds, attached to the case in one transaction: each
// group that can be drawn on an image of the case becomes an annotation again (audited as
// annotation.create by the importing actor; its author is the report's Person Observer Name, or the
// importing actor when the report names none), the others' measurements are kept as report
// measurements, and the report is recorded (report.import). A report already recorded adds nothing, and
// an annotation whose UID the case already has is not made twice.
import type { AnnotationInput, ReportMeasurement } from '../../../preload/api.ts';
import type { CaseFile } from '../../library/caseFile.ts';
import type { ReadReport } from './documentReader.ts';
import type { Modifier, RawGraphic, ReadGroup } from './groupReader.ts';
import { annotationOfGroup, type CaseImages } from './groupToAnnotation.ts';

export interface AttachResult {
  groups: number;
  /** Annotations made now. */
  annotations: number;
  /** Measurements kept as report measurements. */
  measurements: number;
  alreadyImported: boolean;
}

/** The limits the API puts on an annotation (main/api/annotationHandlers.ts); a group beyond them is kept
 *  as report measurements rather than made an annotation the viewer would refuse. */
function fitsLimits(a: AnnotationInput): boolean {
  const stats = Object.entries(a.stats);
  return /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(a.tool) && a.annotationUID.length <= 128 && a.label.length <= 200 && a.points.length <= 10_000 &&
    stats.length <= 64 && stats.every(([k, v]) => k.length <= 64 && (typeof v !== 'string' || v.length <= 64)) && (a.geometry.text?.length ?? 0) <= 1000;
}

const sameName = (a: Modifier, b: Modifier): boolean => a.name.value === b.name.value && a.name.scheme === b.name.scheme;

function geometryOf(graphic: RawGraphic | null, group: ReadGroup): ReportMeasurement['geometry'] {
  if (!graphic) return null;
  const { graphicType, coordinates, data, frameOfReferenceUID } = graphic;
  return { graphicType, coordinates, data, frameOfReferenceUID, SOPInstanceUID: graphic.image?.sopInstanceUID ?? group.images[0]?.sopInstanceUID ?? null };
}

/** A group's measurements as kept: own modifiers, then the group's that they do not override (TID 1411). */
export function keptMeasurements(group: ReadGroup): ReportMeasurement[] {
  return group.measurements.map((m) => ({
    group: group.index,
    trackingIdentifier: group.trackingIdentifier,
    trackingUniqueIdentifier: group.trackingUid,
    finding: group.finding,
    findingSite: group.findingSites[0] ?? null,
    name: m.name,
    value: m.value,
    numericValue: m.numeric,
    unit: m.unit,
    modifiers: [...m.modifiers, ...group.modifiers.filter((g) => !m.modifiers.some((own) => sameName(own, g)))],
    geometry: geometryOf(m.graphic ?? group.region, group),
  }));
}

export function attachReport(caseFile: CaseFile, report: ReadReport, actor: string, at: string = new Date().toISOString()): AttachResult {
  const images: CaseImages = {
    instance: (sop) => caseFile.imaging.instance(sop),
    hasSeries: (uid) => caseFile.imaging.listInstances(uid).length > 0,
  };
  const author = report.observer ?? actor;
  return caseFile.reports.inTransaction(() => {
    if (caseFile.reports.has(report.SOPInstanceUID)) return { groups: report.groups.length, annotations: 0, measurements: 0, alreadyImported: true };
    const made = new Set<string>();
    let existing = 0;
    const kept: ReportMeasurement[] = [];
    for (const group of report.groups) {
      const converted = annotationOfGroup(group, report.SOPInstanceUID, images);
      if (!('annotation' in converted) || !fitsLimits(converted.annotation)) {
        kept.push(...keptMeasurements(group));
        continue;
      }
      const { annotation, finding } = converted;
      if (made.has(annotation.annotationUID) || caseFile.annotations.get(annotation.annotationUID)) {
        existing++;
        continue;
      }
      const study = annotation.SOPInstanceUID ? caseFile.imaging.studyOf(annotation.SOPInstanceUID) : null;
      caseFile.annotations.save(annotation, actor, study, at, { author, report: report.SOPInstanceUID });
      if (finding) caseFile.annotations.setFinding(annotation.annotationUID, finding, actor, at);
      made.add(annotation.annotationUID);
    }
    caseFile.reports.record({
      SOPInstanceUID: report.SOPInstanceUID, SeriesInstanceUID: report.SeriesInstanceUID, StudyInstanceUID: report.StudyInstanceUID,
      title: report.title?.meaning ?? '', observer: report.observer, contentDateTime: report.contentDateTime,
      groups: report.groups.length, annotations: made.size + existing,
    }, kept, actor, at);
    return { groups: report.groups.length, annotations: made.size, measurements: kept.length, alreadyImported: false };
  });
}
