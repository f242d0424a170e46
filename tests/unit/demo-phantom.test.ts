// The demo case is what a new user opens first. If these fail, the demo series would not import,
// would show the wrong patient or a distorted volume, or the nodule a tutorial points at would be
// missing. Files are checked with dcmtk (an independent reader), pixels cross-checked with dicom-parser.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import dicomParser from 'dicom-parser';
import { generateDemoCase, DEMO_PATIENT_ID, PHANTOM_ANATOMY } from '../../main/dicom/demo/index.ts';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const NODULE_SLICE = 33; // InstanceNumber whose plane passes through the nodule centre

const KEYWORDS = [
  'MediaStorageSOPClassUID', 'MediaStorageSOPInstanceUID', 'TransferSyntaxUID', 'SOPClassUID',
  'SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID', 'Modality',
  'PatientID', 'PatientName', 'PatientBirthDate', 'PatientSex', 'Rows', 'Columns', 'PixelSpacing',
  'SliceThickness', 'ImageOrientationPatient', 'ImagePositionPatient', 'SliceLocation', 'InstanceNumber',
  'BitsAllocated', 'BitsStored', 'HighBit', 'PixelRepresentation', 'RescaleSlope', 'RescaleIntercept',
  'WindowCenter', 'WindowWidth', 'PhotometricInterpretation', 'SamplesPerPixel',
];

type Header = Record<string, string>;

/** Runs dcmdump with automatic data correction off; any E:/W: line on stderr fails the test. */
function dcmdump(args: string[]): string {
  const result = spawnSync('dcmdump', ['-dc', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(result.stderr.split('\n').filter((line) => /^[EW]:/.test(line))).toEqual([]);
  expect(result.status).toBe(0);
  return result.stdout;
}

/** One dcmdump call over all files; returns each file's searched tags as keyword -> trimmed value. */
function readHeaders(paths: string[]): Map<string, Header> {
  const args = ['-Un', '+F', ...KEYWORDS.flatMap((keyword) => ['+P', keyword]), ...paths];
  const headers = new Map<string, Header>();
  let current: Header = {};
  for (const line of dcmdump(args).split('\n')) {
    const file = /^# dcmdump \(\d+\/\d+\): (.*)$/.exec(line);
    if (file?.[1]) headers.set(file[1], (current = {}));
    const element = /^\([0-9a-f]{4},[0-9a-f]{4}\) [A-Z]{2} (.*?)\s+#\s*\d+,\s*\d+ (\w+)$/.exec(line);
    if (element?.[1] !== undefined && element[2]) current[element[2]] = dumpedValue(element[1]);
  }
  return headers;
}

function dumpedValue(raw: string): string {
  if (raw === '(no value available)') return '';
  const bracketed = /^\[(.*)\]$/.exec(raw);
  return (bracketed?.[1] ?? raw).replace(/[\s\0]+$/, '');
}

function numbers(value: string | undefined): number[] {
  return (value ?? '').split('\\').map(Number);
}

/** Has dcmtk write each file's pixel data, raw little endian, into `rawDir` (dcmdump +W). */
function dumpPixels(paths: string[], rawDir: string): void {
  dcmdump(['+W', rawDir, ...paths]);
}

/** HU of a slice from its dcmtk raw dump, using the file's own rescale (HU = stored * slope + intercept). */
function huFromRaw(path: string, header: Header, rawDir: string): Float64Array {
  const raw = readFileSync(join(rawDir, `${basename(path)}.0.raw`));
  expect(header.PixelRepresentation).toBe('1');
  const slope = Number(header.RescaleSlope);
  const intercept = Number(header.RescaleIntercept);
  return Float64Array.from({ length: raw.length / 2 }, (_, i) => raw.readInt16LE(i * 2) * slope + intercept);
}

/** HU at (x, y) LPS mm, located through the file's own ImagePositionPatient and PixelSpacing. */
function huAt(hu: ArrayLike<number>, header: Header, x: number, y: number): number {
  const [originX = 0, originY = 0] = numbers(header.ImagePositionPatient);
  const [rowSpacing = 1, columnSpacing = 1] = numbers(header.PixelSpacing);
  const column = Math.round((x - originX) / columnSpacing);
  const row = Math.round((y - originY) / rowSpacing);
  const value = hu[row * Number(header.Columns) + column];
  if (value === undefined) throw new Error(`(${x}, ${y}) mm is outside the slice`);
  return value;
}

describe('demo CT phantom', () => {
  let dir = '';
  let paths: string[] = [];
  let headers = new Map<string, Header>();
  let byInstance: Header[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'precis-demo-'));
    const started = performance.now();
    paths = await generateDemoCase(join(dir, 'a'));
    console.log(`generated ${paths.length} slices in ${Math.round(performance.now() - started)} ms`);
    headers = readHeaders(paths);
    byInstance = [...headers.values()].sort((a, b) => Number(a.InstanceNumber) - Number(b.InstanceNumber));
  });

  function headerOf(path: string): Header {
    const header = headers.get(path);
    if (!header) throw new Error(`dcmdump printed no header for ${path}`);
    return header;
  }

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes 64 Part 10 files that dcmtk reads without errors or warnings', () => {
    expect(paths).toHaveLength(64);
    expect(readdirSync(join(dir, 'a'))).toHaveLength(64);
    dcmdump(paths);
    expect(headers.size).toBe(64);
  });

  it('describes one CT series of the demo patient in Explicit VR Little Endian', () => {
    for (const header of headers.values()) {
      expect(header).toMatchObject({
        MediaStorageSOPClassUID: CT_IMAGE_STORAGE, SOPClassUID: CT_IMAGE_STORAGE,
        TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN, Modality: 'CT', PatientID: DEMO_PATIENT_ID,
        PatientName: 'PHANTOM^DEMO', PatientBirthDate: '19700101', PatientSex: 'O',
        Rows: '256', Columns: '256', PixelSpacing: '1.5\\1.5', SliceThickness: '2.5',
        BitsAllocated: '16', BitsStored: '16', HighBit: '15', PixelRepresentation: '1',
        RescaleSlope: '1', RescaleIntercept: '0', WindowCenter: '40', WindowWidth: '400',
        PhotometricInterpretation: 'MONOCHROME2', SamplesPerPixel: '1',
      });
      expect(header.MediaStorageSOPInstanceUID).toBe(header.SOPInstanceUID);
    }
  });

  it('uses valid 2.25 UIDs: distinct per instance, one study, series and frame of reference', () => {
    const all = [...headers.values()];
    const uidOf = (keyword: string) => new Set(all.map((header) => header[keyword]));
    expect(uidOf('SOPInstanceUID').size).toBe(64);
    expect(uidOf('StudyInstanceUID').size).toBe(1);
    expect(uidOf('SeriesInstanceUID').size).toBe(1);
    expect(uidOf('FrameOfReferenceUID').size).toBe(1);
    for (const header of all) {
      for (const keyword of ['SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID', 'FrameOfReferenceUID']) {
        const uid = header[keyword] ?? '';
        expect(uid).toMatch(/^2\.25\.[1-9][0-9]*$/);
        expect(uid.length).toBeLessThanOrEqual(64);
      }
    }
  });

  it('stacks axial slices 2.5 mm apart, centred on the origin, InstanceNumber 1..64', () => {
    expect(byInstance.map((header) => Number(header.InstanceNumber))).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    const positions = byInstance.map((header) => numbers(header.ImagePositionPatient));
    for (const [i, header] of byInstance.entries()) {
      expect(header.ImageOrientationPatient).toBe('1\\0\\0\\0\\1\\0');
      const [x = NaN, y = NaN, z = NaN] = positions[i] ?? [];
      // Centre of the 256-pixel grid: first pixel centre + 127.5 pixels * 1.5 mm = 0.
      expect(x + 127.5 * 1.5).toBeCloseTo(0, 6);
      expect(y + 127.5 * 1.5).toBeCloseTo(0, 6);
      expect(Number(header.SliceLocation)).toBeCloseTo(z, 6);
      if (i > 0) expect(z - (positions[i - 1]?.[2] ?? NaN)).toBeCloseTo(-2.5, 6);
    }
    const zs = positions.map((position) => position[2] ?? NaN);
    expect((zs[0] ?? NaN) + (zs[63] ?? NaN)).toBeCloseTo(0, 6);
  });

  it('holds plausible HU at known anatomy on the nodule slice (dcmtk decode)', () => {
    expect(headerOf(paths[NODULE_SLICE - 1] ?? '').InstanceNumber).toBe(String(NODULE_SLICE));
    const path = paths[NODULE_SLICE - 1] ?? '';
    const header = headerOf(path);
    const rawDir = mkdtempSync(join(dir, 'raw-'));
    dumpPixels([path], rawDir);
    const hu = huFromRaw(path, header, rawDir);
    const { rightLung, leftLung, vertebra, nodule, body } = PHANTOM_ANATOMY;
    const [noduleX, noduleY] = nodule.centreMm;
    const samples = {
      air: huAt(hu, header, -185, -185),
      rightLung: huAt(hu, header, rightLung.centreMm[0], rightLung.centreMm[1] + 45),
      leftLung: huAt(hu, header, leftLung.centreMm[0], leftLung.centreMm[1]),
      vertebra: huAt(hu, header, vertebra.centreMm[0], vertebra.centreMm[1]),
      softTissue: huAt(hu, header, 0, -60),
      fat: huAt(hu, header, 0, -(body.semiAxesMm[1] - body.fatThicknessMm / 2)),
      nodule: huAt(hu, header, noduleX, noduleY),
    };
    console.log('HU samples on slice 33:', samples);
    expect(samples.air).toBeGreaterThanOrEqual(-1020);
    expect(samples.air).toBeLessThanOrEqual(-980);
    expect(samples.rightLung).toBeLessThan(-700);
    expect(samples.leftLung).toBeLessThan(-700);
    expect(samples.vertebra).toBeGreaterThan(200);
    expect(samples.softTissue).toBeGreaterThan(-150);
    expect(samples.softTissue).toBeLessThan(150);
    expect(samples.fat).toBeGreaterThan(-150);
    expect(samples.fat).toBeLessThan(-50);
    expect(samples.nodule).toBeGreaterThan(-100);
    expect(samples.nodule).toBeLessThan(100);
    // Patient right is -x in LPS, so the right-lung nodule sits in the image's left half.
    expect(noduleX).toBeLessThan(0);
  });

  it('shows the nodule on a few middle slices only, and the vertebra on every slice', () => {
    const rawDir = mkdtempSync(join(dir, 'raw-all-'));
    const [noduleX, noduleY] = PHANTOM_ANATOMY.nodule.centreMm;
    const [spineX, spineY] = PHANTOM_ANATOMY.vertebra.centreMm;
    const withNodule: number[] = [];
    dumpPixels(paths, rawDir);
    for (const path of paths) {
      const header = headerOf(path);
      const hu = huFromRaw(path, header, rawDir);
      if (huAt(hu, header, noduleX, noduleY) > -500) withNodule.push(Number(header.InstanceNumber));
      expect(huAt(hu, header, spineX, spineY)).toBeGreaterThan(200);
    }
    expect(withNodule).toEqual([32, 33, 34]);
  });

  it('stores the same pixels that dicom-parser reads independently', () => {
    const path = paths[NODULE_SLICE - 1] ?? '';
    const header = headerOf(path);
    const rawDir = mkdtempSync(join(dir, 'raw-cmp-'));
    dumpPixels([path], rawDir);
    const dcmtkHu = huFromRaw(path, header, rawDir);
    const dataSet = dicomParser.parseDicom(new Uint8Array(readFileSync(path)));
    const pixelData = dataSet.elements.x7fe00010;
    expect(pixelData?.length).toBe(256 * 256 * 2);
    const view = new DataView(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + (pixelData?.dataOffset ?? 0));
    const slope = dataSet.floatString('x00281053') ?? NaN;
    const intercept = dataSet.floatString('x00281052') ?? NaN;
    const parserHu = Float64Array.from({ length: 256 * 256 }, (_, i) => view.getInt16(i * 2, true) * slope + intercept);
    expect(parserHu).toEqual(dcmtkHu);
    expect(dataSet.string('x00100020')).toBe(DEMO_PATIENT_ID);
  });

  it('produces byte-identical files on every run', async () => {
    const second = await generateDemoCase(join(dir, 'b'));
    expect(second.map((path) => basename(path))).toEqual(paths.map((path) => basename(path)));
    for (const [i, path] of paths.entries()) {
      expect(readFileSync(second[i] ?? '').equals(readFileSync(path))).toBe(true);
    }
  });
});
