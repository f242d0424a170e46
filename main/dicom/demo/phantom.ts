// The demo case: a synthetic chest CT phantom, written as a real CT series by our own DICOM writer.
// Everything is deterministic (fixed UIDs, dates and a seeded noise generator), so every run
// produces byte-identical files and tests can check known HU values at known points.
//
// Coordinates are patient LPS in mm: +x patient left, +y posterior, +z superior. The volume is
// centred on the origin; rows run anterior to posterior, columns patient right to left, so the
// patient's right lung (x < 0) is on the image's left in the standard display.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePart10, int16LittleEndian, uidFromSeed, type DicomElement } from './dicomWriter.ts';

export const DEMO_PATIENT_ID = 'PRECIS-DEMO-001';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const UID_SEED = 'precis/demo-case/PRECIS-DEMO-001';
const NOISE_SEED = 0x5eed_0001;
const NOISE_HU = 10;

/** Grid of the series. Slice 1 (InstanceNumber 1) is the most superior; z decreases after it. */
export const DEMO_GEOMETRY = {
  rows: 256,
  columns: 256,
  slices: 64,
  pixelSpacingMm: 1.5,
  sliceSpacingMm: 2.5,
} as const;

/** Hounsfield units of each tissue, before noise. */
export const PHANTOM_HU = {
  air: -1000,
  fat: -100,
  softTissue: 40,
  lung: -850,
  corticalBone: 700,
  cancellousBone: 250,
  nodule: 30,
} as const;

type Vec3 = readonly [number, number, number];

/**
 * Anatomy in LPS mm. The nodule's centre lies exactly on slice 33 (z = -1.25 mm), so it shows on
 * slices 32-34 (the sphere's surface is excluded, so slices 5 mm away do not get a single pixel).
 */
export const PHANTOM_ANATOMY = {
  body: { semiAxesMm: [160, 110] as const, fatThicknessMm: 12 },
  rightLung: { centreMm: [-80, -5, 0] as Vec3, semiAxesMm: [50, 75, 95] as Vec3 },
  leftLung: { centreMm: [80, -5, 0] as Vec3, semiAxesMm: [50, 75, 95] as Vec3 },
  vertebra: { centreMm: [0, 70] as const, radiusMm: 18, cortexMm: 3 },
  nodule: { centreMm: [-80, -5, -1.25] as Vec3, radiusMm: 5 },
} as const;

const GRID_ORIGIN_MM = -((DEMO_GEOMETRY.columns - 1) / 2) * DEMO_GEOMETRY.pixelSpacingMm;

/** z (mm) of slice `index` (0-based); the stack is centred on z = 0. */
export function sliceZ(index: number): number {
  return ((DEMO_GEOMETRY.slices - 1) / 2 - index) * DEMO_GEOMETRY.sliceSpacingMm;
}

function insideEllipsoid(x: number, y: number, z: number, centre: Vec3, semiAxes: Vec3): boolean {
  const dx = (x - centre[0]) / semiAxes[0];
  const dy = (y - centre[1]) / semiAxes[1];
  const dz = (z - centre[2]) / semiAxes[2];
  return dx * dx + dy * dy + dz * dz < 1;
}

function insideEllipse(x: number, y: number, a: number, b: number): boolean {
  return (x * x) / (a * a) + (y * y) / (b * b) <= 1;
}

/** Noise-free HU of the phantom at (x, y, z) in LPS mm. */
export function phantomHu(x: number, y: number, z: number): number {
  const { body, rightLung, leftLung, vertebra, nodule } = PHANTOM_ANATOMY;
  const [a, b] = body.semiAxesMm;
  if (!insideEllipse(x, y, a, b)) return PHANTOM_HU.air;
  const fat = body.fatThicknessMm;
  if (!insideEllipse(x, y, a - fat, b - fat)) return PHANTOM_HU.fat;
  const r = nodule.radiusMm;
  if (insideEllipsoid(x, y, z, nodule.centreMm, [r, r, r])) return PHANTOM_HU.nodule;
  if (insideEllipsoid(x, y, z, rightLung.centreMm, rightLung.semiAxesMm)) return PHANTOM_HU.lung;
  if (insideEllipsoid(x, y, z, leftLung.centreMm, leftLung.semiAxesMm)) return PHANTOM_HU.lung;
  const distance = Math.hypot(x - vertebra.centreMm[0], y - vertebra.centreMm[1]);
  if (distance <= vertebra.radiusMm - vertebra.cortexMm) return PHANTOM_HU.cancellousBone;
  if (distance <= vertebra.radiusMm) return PHANTOM_HU.corticalBone;
  return PHANTOM_HU.softTissue;
}

/** mulberry32: a tiny seeded PRNG, so the noise (and the files) are identical on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One slice of signed HU values, row-major (row = y index, column = x index). */
function renderSlice(z: number, random: () => number): Int16Array {
  const { rows, columns, pixelSpacingMm } = DEMO_GEOMETRY;
  const pixels = new Int16Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const y = GRID_ORIGIN_MM + row * pixelSpacingMm;
    for (let column = 0; column < columns; column++) {
      const x = GRID_ORIGIN_MM + column * pixelSpacingMm;
      const noise = Math.floor(random() * (2 * NOISE_HU + 1)) - NOISE_HU;
      pixels[row * columns + column] = phantomHu(x, y, z) + noise;
    }
  }
  return pixels;
}

interface SeriesUids {
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  FrameOfReferenceUID: string;
}

function seriesUids(): SeriesUids {
  return {
    StudyInstanceUID: uidFromSeed(`${UID_SEED}/study`),
    SeriesInstanceUID: uidFromSeed(`${UID_SEED}/series/1`),
    FrameOfReferenceUID: uidFromSeed(`${UID_SEED}/frame-of-reference`),
  };
}

/** Patient, study, series and equipment attributes shared by every slice. */
function sharedElements(uids: SeriesUids): DicomElement[] {
  return [
    { tag: 0x00080008, vr: 'CS', value: 'ORIGINAL\\PRIMARY\\AXIAL' },
    { tag: 0x00080016, vr: 'UI', value: CT_IMAGE_STORAGE },
    { tag: 0x00080020, vr: 'DA', value: '20260101' },
    { tag: 0x00080021, vr: 'DA', value: '20260101' },
    { tag: 0x00080023, vr: 'DA', value: '20260101' },
    { tag: 0x00080030, vr: 'TM', value: '120000' },
    { tag: 0x00080031, vr: 'TM', value: '120000' },
    { tag: 0x00080033, vr: 'TM', value: '120000' },
    { tag: 0x00080050, vr: 'SH', value: '' },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00080070, vr: 'LO', value: 'Precis demo generator' },
    { tag: 0x00080090, vr: 'PN', value: '' },
    { tag: 0x00081030, vr: 'LO', value: 'Demo CT phantom' },
    { tag: 0x0008103e, vr: 'LO', value: 'Synthetic chest phantom' },
    { tag: 0x00100010, vr: 'PN', value: 'PHANTOM^DEMO' },
    { tag: 0x00100020, vr: 'LO', value: DEMO_PATIENT_ID },
    { tag: 0x00100030, vr: 'DA', value: '19700101' },
    { tag: 0x00100040, vr: 'CS', value: 'O' },
    { tag: 0x00180015, vr: 'CS', value: 'CHEST' },
    { tag: 0x00180050, vr: 'DS', value: String(DEMO_GEOMETRY.sliceSpacingMm) },
    { tag: 0x00180060, vr: 'DS', value: '120' },
    { tag: 0x00185100, vr: 'CS', value: 'HFS' },
    { tag: 0x0020000d, vr: 'UI', value: uids.StudyInstanceUID },
    { tag: 0x0020000e, vr: 'UI', value: uids.SeriesInstanceUID },
    { tag: 0x00200010, vr: 'SH', value: '1' },
    { tag: 0x00200011, vr: 'IS', value: '1' },
    { tag: 0x00200012, vr: 'IS', value: '1' },
    { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
    { tag: 0x00200052, vr: 'UI', value: uids.FrameOfReferenceUID },
    { tag: 0x00201040, vr: 'LO', value: '' },
    { tag: 0x00204000, vr: 'LT', value: 'Synthetic phantom generated by Precis; not patient data.' },
    ...imagePixelElements(),
  ];
}

/** Image pixel and CT image attributes: signed 16-bit HU, so HU = stored * 1 + 0. */
function imagePixelElements(): DicomElement[] {
  const spacing = String(DEMO_GEOMETRY.pixelSpacingMm);
  return [
    { tag: 0x00280002, vr: 'US', value: 1 },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: DEMO_GEOMETRY.rows },
    { tag: 0x00280011, vr: 'US', value: DEMO_GEOMETRY.columns },
    { tag: 0x00280030, vr: 'DS', value: `${spacing}\\${spacing}` },
    { tag: 0x00280100, vr: 'US', value: 16 },
    { tag: 0x00280101, vr: 'US', value: 16 },
    { tag: 0x00280102, vr: 'US', value: 15 },
    { tag: 0x00280103, vr: 'US', value: 1 },
    { tag: 0x00281050, vr: 'DS', value: '40' },
    { tag: 0x00281051, vr: 'DS', value: '400' },
    { tag: 0x00281052, vr: 'DS', value: '0' },
    { tag: 0x00281053, vr: 'DS', value: '1' },
    { tag: 0x00281054, vr: 'LO', value: 'HU' },
  ];
}

/** Attributes that differ per slice; `index` is 0-based, InstanceNumber is 1-based. */
function sliceElements(index: number, sopInstanceUid: string, pixels: Int16Array): DicomElement[] {
  const z = sliceZ(index);
  return [
    { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00200013, vr: 'IS', value: String(index + 1) },
    { tag: 0x00200032, vr: 'DS', value: `${GRID_ORIGIN_MM}\\${GRID_ORIGIN_MM}\\${z}` },
    { tag: 0x00201041, vr: 'DS', value: String(z) },
    { tag: 0x7fe00010, vr: 'OW', value: int16LittleEndian(pixels) },
  ];
}

/** Writes the 64-slice demo series into `outDir` (created if needed); returns the file paths in InstanceNumber order. */
export async function generateDemoCase(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const uids = seriesUids();
  const shared = sharedElements(uids);
  const random = seededRandom(NOISE_SEED);
  const paths: string[] = [];
  for (let index = 0; index < DEMO_GEOMETRY.slices; index++) {
    const sopInstanceUid = uidFromSeed(`${UID_SEED}/instance/${index + 1}`);
    const pixels = renderSlice(sliceZ(index), random);
    const file = encodePart10(
      { MediaStorageSOPClassUID: CT_IMAGE_STORAGE, MediaStorageSOPInstanceUID: sopInstanceUid },
      [...shared, ...sliceElements(index, sopInstanceUid, pixels)],
    );
    const path = join(outDir, `CT_${String(index + 1).padStart(4, '0')}.dcm`);
    await writeFile(path, file);
    paths.push(path);
  }
  return paths;
}
