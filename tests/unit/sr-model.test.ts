// The parts of the SR mapping with no file in between: a report from another producer (no Precis item)
// still gives each tool back with its handles in their roles, from the graphic types and concepts alone;
// numbers fit a DICOM decimal string; annotation UIDs survive as Tracking Unique Identifiers; units
// come back as Precis wrote them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AnnotationRecord, InstanceSummary, PatientPoint } from '../../preload/api.ts';
import { C, sameCode } from '../../main/reading/sr/codes.ts';
import { readGroup } from '../../main/reading/sr/groupReader.ts';
import { annotationOfGroup } from '../../main/reading/sr/groupToAnnotation.ts';
import { measurementGroup } from '../../main/reading/sr/groupWriter.ts';
import { planeOf } from '../../main/reading/sr/imagePlane.ts';
import { ucumOf, unitOf } from '../../main/reading/sr/units.ts';
import { annotationUidOf, decimalString, isDicomUid, trackingUidOf } from '../../main/reading/sr/values.ts';

const SOP = '1.2.3.4.5.6';
const image: InstanceSummary = {
  caseId: 'c', SeriesInstanceUID: '1.2.3.4', SOPInstanceUID: SOP, SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', InstanceNumber: 1, TransferSyntaxUID: '1.2.840.10008.1.2.1',
  Rows: 512, Columns: 512, NumberOfFrames: 1, ImagePositionPatient: [-200, -180, -50.5], ImageOrientationPatient: [1, 0, 0, 0, 1, 0], SliceLocation: null,
  PixelSpacing: [0.7, 0.7], displayable: true, reason: null,
};
const z = -50.5;
const pt = (x: number, y: number): PatientPoint => [x, y, z];

function record(tool: string, points: PatientPoint[], stats: AnnotationRecord['stats'], extra: Partial<AnnotationRecord> = {}): AnnotationRecord {
  return {
    annotationUID: randomUUID(), tool, SOPInstanceUID: SOP, frame: 1, SeriesInstanceUID: '1.2.3.4', StudyInstanceUID: '1.2.3', FrameOfReferenceUID: '1.2.3.9',
    points, geometry: { viewPlaneNormal: [0, 0, -1], viewUp: [0, -1, 0] }, label: '', stats, finding: null, author: 'a', modifiedBy: 'a', createdAt: '', modifiedAt: '', ...extra,
  };
}

// Cornerstone's roles: ellipse bottom, top, left, right (rows grow downwards, +y here); rectangle top
// left, top right, bottom left, bottom right.
const TOOLS: AnnotationRecord[] = [
  record('Length', [pt(1, 2), pt(30.5, 40.25)], { length: 49.1, lengthUnit: 'mm' }, { label: 'nodule' }),
  record('Angle', [pt(0, 0), pt(10, 10), pt(20, 0)], { angle: 90, angleUnit: 'deg' }),
  record('CobbAngle', [pt(0, 0), pt(10, 1), pt(0, 5), pt(10, 8)], { angle: 11.6, angleUnit: 'deg' }),
  record('Bidirectional', [pt(0, 0), pt(20, 0), pt(10, -4), pt(10, 4)], { length: 20, width: 8, lengthUnit: 'mm' }),
  record('EllipticalROI', [pt(50, 65), pt(50, 55), pt(30, 60), pt(70, 60)], { area: 314.2, areaUnit: 'mm²', mean: 40, valueUnit: 'HU' }),
  record('RectangleROI', [pt(0, 0), pt(30, 0), pt(0, 20), pt(30, 20)], { area: 600, areaUnit: 'mm²', mean: 12, valueUnit: 'HU' }),
  record('PlanarFreehandROI', [pt(0, 0), pt(10, -2), pt(14, 6), pt(3, 9)], { area: 90, areaUnit: 'mm²' }, { geometry: { closed: true } }),
  record('Probe', [pt(5, 5)], { value: -1000, valueUnit: 'HU' }),
  record('ArrowAnnotate', [pt(0, 0), pt(9, 9)], {}, { geometry: { text: 'here' } }),
];

describe('the SR mapping without the Precis item (another producer\'s report)', () => {
  it.each(TOOLS.map((t) => [t.tool, t] as const))('%s comes back as the same tool, handles in their roles', (_, a) => {
    // Failing: a measurement from another viewer's report is drawn as another tool, or its handles swap
    // roles (an ellipse squashed flat, a rectangle twisted).
    const group = measurementGroup(a, { sopClassUID: image.SOPClassUID, numberOfFrames: 1, plane: planeOf(image) });
    group.children = group.children.filter((c) => !sameCode(c.concept, C.precisAnnotation));
    const converted = annotationOfGroup(readGroup(group, 1), '1.2.3.99', { instance: (sop) => (sop === SOP ? image : null), hasSeries: () => true });
    if (!('annotation' in converted)) throw new Error(converted.reason);
    expect(converted.annotation).toMatchObject({ tool: a.tool, points: a.points, stats: a.stats, annotationUID: a.annotationUID, label: a.label || a.tool });
    if (a.geometry.text) expect(converted.annotation.geometry.text).toBe(a.geometry.text);
  });

  it('a group whose image is not in the case, or without geometry, is not made an annotation', () => {
    // Failing: a measurement is pinned to an image of another patient, or to no image at all.
    const a = TOOLS[0] as AnnotationRecord;
    const group = readGroup(measurementGroup(a, { sopClassUID: image.SOPClassUID, numberOfFrames: 1, plane: planeOf(image) }), 1);
    expect(annotationOfGroup(group, '1.2.3.99', { instance: () => null, hasSeries: () => false })).toEqual({ reason: 'the images it was measured on are not in this case' });
    const bare = { ...group, images: [], measurements: group.measurements.map((m) => ({ ...m, graphic: null })) };
    expect(annotationOfGroup(bare, '1.2.3.99', { instance: () => image, hasSeries: () => false })).toEqual({ reason: 'it names no image of this case' });
  });
});

describe('the SR mapping with the Precis item (Precis\' own report)', () => {
  it('gives back what the standard items cannot: the target flag, a finding over 64 characters, an empty label, a null unit', () => {
    // Failing: a target lesion comes back as a non-target one (the RECIST sum changes), or a long name is cut.
    const label = 'Segment VIII hepatic lesion, hypodense, ill-defined margins, next to the IVC';
    const a = record('Length', [pt(1, 2), pt(30.5, 40.25)], { length: 49.1, lengthUnit: null }, { finding: { label, location: 'liver segment VIII', target: true } });
    const group = measurementGroup(a, { sopClassUID: image.SOPClassUID, numberOfFrames: 1, plane: planeOf(image) });
    const finding = group.children.find((c) => sameCode(c.concept, C.finding));
    expect(finding?.valueType === 'CODE' && [...finding.code.meaning].length).toBe(64);
    const converted = annotationOfGroup(readGroup(group, 1), '1.2.3.99', { instance: () => image, hasSeries: () => true });
    expect(converted).toEqual({ annotation: expect.objectContaining({ label: '', stats: a.stats, points: a.points, geometry: a.geometry }), finding: a.finding });
  });
});

describe('SR values', () => {
  it('every double fits a decimal string of at most 16 characters, as close as 16 characters allow', () => {
    // Failing: an archive refuses the report (DS over 16 characters) or a value changes on the way.
    const samples = [0, -0.5, 1e-12, -1234567.891011121, 87.65432109876543, 5e300, -2.2250738585072014e-308, Math.PI * 1e7, 1 / 3];
    for (let k = 0; k < 2000; k++) samples.push((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 20 - 8));
    for (const v of samples) {
      const text = decimalString(v);
      expect(text.length, text).toBeLessThanOrEqual(16);
      expect(/^[-+]?[0-9.]+(e[-+]?[0-9]+)?$/i.test(text), text).toBe(true);
      // Measurements (1e-6 to 1e9 in their units) keep at least 11 significant digits, extremes at least 9
      // (the FD beside it has them all).
      const ordinary = Math.abs(v) >= 1e-6 && Math.abs(v) < 1e9;
      expect(Math.abs(Number(text) - v)).toBeLessThanOrEqual(Math.abs(v) * (ordinary ? 1e-10 : 1e-8));
    }
  });

  it('annotation UIDs: Cornerstone UUIDs and DICOM UIDs come back; any other gets a stable UID', () => {
    // Failing: a re-imported measurement gets a new identity, and imports duplicate it.
    const uuid = randomUUID();
    expect(isDicomUid(trackingUidOf(uuid))).toBe(true);
    expect(annotationUidOf(trackingUidOf(uuid))).toBe(uuid);
    expect(trackingUidOf('1.2.840.113619.2.55')).toBe('1.2.840.113619.2.55');
    expect(trackingUidOf('probe-1')).toBe(trackingUidOf('probe-1'));
    expect(isDicomUid(trackingUidOf('probe-1'))).toBe(true);
    expect(isDicomUid('1.02.3')).toBe(false);
  });

  it('units come back as written, including none and an empty one', () => {
    // Failing: an area in mm² comes back in "mm2", HU in "[hnsf'U]", or a length loses its unit.
    for (const unit of ['mm', 'mm²', 'HU', 'deg', 'px', 'cm', 'px²', 'SUV', '', null]) expect(unitOf(ucumOf(unit))).toBe(unit);
    expect(ucumOf('HU')).toEqual({ value: "[hnsf'U]", scheme: 'UCUM', meaning: 'Hounsfield unit' });
  });
});
