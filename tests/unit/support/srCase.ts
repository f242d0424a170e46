// The case the SR tests share: a CT (dcm_qa_ct's Philips phantom, three images) with one annotation of
// every tool on its first image, two of them findings, and a length on frame 2 of a two-frame secondary
// capture without a Frame of Reference; both patients' measurements exported as SR files by the CLI, the
// CT's also by the API. Oracles for the images are dcmdump's, not Precis' own reading.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import { dispatch } from '../../../main/api/dispatcher.ts';
import { openCore, type Core } from '../../../main/core.ts';
import type { AnnotationInput, AnnotationRecord, PatientPoint, SrExport } from '../../../preload/api.ts';
import { dcmdumpTags } from './dcmdump.ts';
import { cliImport, dicomData, PASSPHRASE, pydicomFiles, runCli, tempDir } from './env.ts';

const PHILIPS = join(dicomData, 'dcm_qa_ct', 'Philips', 'S21610', 'S4010');
export const CT_FILES = ['I10', 'I20', 'I30'].map((n) => join(PHILIPS, n));
export const SC_TWO_FRAMES = join(pydicomFiles, 'SC_rgb_rle_16bit_2frame.dcm');
export const SOURCES = [...CT_FILES, SC_TWO_FRAMES];

/** What dcmdump says about an image: the oracle for its UIDs and geometry. */
function imageOf(file: string): { sop: string; series: string; frameOfReference: string | null; onPlane: (column: number, row: number) => PatientPoint } {
  const tags = ['0008,0018', '0020,000e', '0020,0052', '0020,0032', '0020,0037', '0028,0030'];
  const v = dcmdumpTags([file], tags).get(file)?.values ?? new Map<string, string>();
  const nums = (tag: string, fallback: number[]): number[] => (v.get(tag) ? (v.get(tag) as string).split('\\').map(Number) : fallback);
  const [x, y, z] = nums('0020,0032', [0, 0, 0]) as [number, number, number];
  const o = nums('0020,0037', [1, 0, 0, 0, 1, 0]);
  const [rowSpacing, columnSpacing] = nums('0028,0030', [1, 1]) as [number, number];
  return {
    sop: v.get('0008,0018') ?? '',
    series: v.get('0020,000e') ?? '',
    frameOfReference: v.get('0020,0052') || null,
    // Patient mm of a (fractional) pixel index, as Cornerstone places it (index 0 at the first pixel's centre).
    onPlane: (c, r) => [0, 1, 2].map((k) => [x, y, z][k]! + c * columnSpacing * o[k]! + r * rowSpacing * o[k + 3]!) as PatientPoint,
  };
}

/** One annotation of each tool on the first CT image (and a length on frame 2 of a secondary capture). */
function annotationsToDraw(): { ct: AnnotationInput[]; sc: AnnotationInput[] } {
  const ct = imageOf(CT_FILES[0] as string);
  const p = ct.onPlane;
  const view = { viewPlaneNormal: [-1, 0, 0] as PatientPoint, viewUp: [0, 0, 1] as PatientPoint };
  const on = (tool: string, points: PatientPoint[], stats: AnnotationInput['stats'], extra: Partial<AnnotationInput> = {}): AnnotationInput => ({
    annotationUID: randomUUID(), tool, SOPInstanceUID: ct.sop, frame: 1, SeriesInstanceUID: ct.series, FrameOfReferenceUID: ct.frameOfReference,
    points, geometry: view, label: '', stats, ...extra,
  });
  const hu = { valueUnit: 'HU' };
  const list = [
    on('Length', [p(100.123456, 200.654321), p(180.5, 240.25)], { length: 87.65432109876543, lengthUnit: 'mm' }, { label: 'RUL nodule', geometry: { ...view, textBox: p(190, 250) } }),
    on('Angle', [p(50, 50), p(80, 90), p(120, 60.5)], { angle: 37.123456789, angleUnit: 'deg' }),
    on('CobbAngle', [p(10, 300), p(90, 310), p(15, 350), p(95, 340.75)], { angle: 12.5, angleUnit: 'deg' }),
    on('Bidirectional', [p(200, 100), p(260, 130), p(235, 100.5), p(225, 129.5)], { length: 30.1234, width: 12.987654321, lengthUnit: 'mm' }),
    // Left-right is the longer axis: DICOM's ELLIPSE puts it first, the handles keep bottom, top, left, right.
    on('EllipticalROI', [p(300, 260), p(300, 240), p(270, 250), p(330, 250)], { area: 1234.5678901234, mean: -12.345678901234567, sd: 45.6, min: -1000, max: 250.25, areaUnit: 'mm²', ...hu }, { annotationUID: 'probe-like-non-uuid-1' }),
    on('RectangleROI', [p(400, 400), p(440, 400), p(400, 430), p(440, 430)], { area: 400.0000001, mean: 35.5, sd: 2.25, min: 20, max: 50, areaUnit: 'mm²', ...hu }, { annotationUID: '1.2.826.0.1.3680043.8.498.1234567890' }),
    on('PlanarFreehandROI', [p(20, 20), p(40, 18), p(55, 30), p(50, 50), p(30, 55), p(18, 40)], { area: 321.123, perimeter: 70.5, mean: 1.5, sd: 0.5, min: -3, max: 9, areaUnit: 'mm²', lengthUnit: 'mm', ...hu }, { geometry: { ...view, closed: true }, label: 'Ascites' }),
    on('PlanarFreehandROI', [p(60, 200), p(70, 210), p(85, 205), p(95, 220)], { length: 41.25, lengthUnit: 'mm' }, { geometry: { ...view, closed: false } }),
    on('Probe', [p(256.5, 256.25)], { value: -998.0001, ...hu }),
    on('ArrowAnnotate', [p(150, 150), p(170, 120)], {}, { geometry: { ...view, text: 'Pleural effusion? — à vérifier' } }),
  ];
  const sc = imageOf(SC_TWO_FRAMES);
  const length: AnnotationInput = {
    annotationUID: randomUUID(), tool: 'Length', SOPInstanceUID: sc.sop, frame: 2, SeriesInstanceUID: sc.series, FrameOfReferenceUID: null,
    points: [sc.onPlane(10.25, 20.5), sc.onPlane(60.75, 80.125)], geometry: { viewPlaneNormal: [0, 0, 1], viewUp: [0, -1, 0] }, label: 'SC length', stats: { length: 78.12, lengthUnit: 'px' },
  };
  return { ct: list, sc: [length] };
}

/** The UCUM code each statistic's unit is written with (PS3.16 CID 7181 and UCUM), kept apart from the writer's table. */
export const UCUM: Record<string, string> = { mm: 'mm', 'mm²': 'mm2', HU: "[hnsf'U]", deg: 'deg', px: '{pixels}' };
export const unitKey = (key: string): string => (['length', 'width', 'perimeter'].includes(key) ? 'lengthUnit' : key === 'angle' ? 'angleUnit' : key === 'area' ? 'areaUnit' : 'valueUnit');

export interface ExportedCase {
  source: string;
  drawn: AnnotationRecord[];
  ctCase: string;
  srFile: string;
  scSrFile: string;
  exported: SrExport;
}

/** Imports the images into a new data directory, draws the annotations (as dr-ada, through the API) and
 *  exports them: the CT's by the API and by `precis export sr`, the secondary capture's by the CLI. */
export async function drawAndExport(): Promise<ExportedCase> {
  const source = tempDir('sr-source');
  expect(cliImport(source, SOURCES).report.imported).toBe(SOURCES.length);
  const core: Core = openCore(source, { kind: 'passphrase', passphrase: PASSPHRASE }, 'dr-ada');
  const ctx = { core, transport: 'web' as const, emit: () => undefined };
  const call = async <T,>(channel: string, args: unknown): Promise<T> => {
    const envelope = await dispatch(channel, args, ctx);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value as T;
  };
  const ctCase = core.library.findCase('PLASTIC') ?? '';
  const scCase = core.library.findCase('ID1') ?? '';
  const { ct, sc } = annotationsToDraw();
  for (const a of ct) await call('annotations.save', { caseId: ctCase, annotation: a });
  for (const a of sc) await call('annotations.save', { caseId: scCase, annotation: a });
  await call('annotations.setFinding', { caseId: ctCase, annotationUID: ct[0]?.annotationUID, finding: { label: 'RUL nodule', location: 'right upper lobe', target: true } });
  await call('annotations.setFinding', { caseId: ctCase, annotationUID: ct[4]?.annotationUID, finding: { label: 'Liver lesion 2', location: '', target: false } });
  const drawn = await call<AnnotationRecord[]>('annotations.list', { caseId: ctCase });
  const exported = await call<SrExport>('case.exportSr', { caseId: ctCase });
  await core.close();
  const srFile = join(tempDir('sr-files'), 'plastic.dcm');
  const scSrFile = join(tempDir('sr-files'), 'sc.dcm');
  const run = runCli(['export', 'sr', '--patient', 'PLASTIC', '--out', srFile, '--data-dir', source, '--json']);
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toMatchObject({ caseId: ctCase, file: srFile, measurements: drawn.length, SOPInstanceUID: expect.stringMatching(/^2\.25\.\d+$/) });
  expect(runCli(['export', 'sr', '--patient', 'ID1', '--out', scSrFile, '--data-dir', source]).code).toBe(0);
  return { source, drawn, ctCase, srFile, scSrFile, exported };
}
