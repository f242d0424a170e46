// A 1.5 GB multi-frame DICOM file (a long cine or a whole-slide image is that size) dropped on the app:
// it streams to the web host, which stages it encrypted and imports it without ever holding it in
// memory. Before, the renderer base64-encoded the whole file into one JSON string and failed at
// 629 MB with "Invalid string length".
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { encodePart10, uidFromSeed, type DicomElement } from '../../main/dicom/demo/dicomWriter.ts';
import { startApp, type RunningApp } from './webHost.ts';

const ROWS = 512;
const COLUMNS = 512;
const FRAMES = 2900; // 2900 x 512 x 512 x 2 bytes = 1.52 GB of pixel data
const FRAME_BYTES = ROWS * COLUMNS * 2;
const MULTIFRAME_GRAYSCALE_WORD_SC = '1.2.840.10008.5.1.4.1.1.7.3';

/** Writes the file frame by frame (the test itself must not need 1.5 GB of memory either). */
function writeLargeMultiframe(path: string): void {
  const sop = uidFromSeed('precis/e2e/large-upload/sop');
  const elements: DicomElement[] = [
    { tag: 0x00080016, vr: 'UI', value: MULTIFRAME_GRAYSCALE_WORD_SC },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080060, vr: 'CS', value: 'OT' },
    { tag: 0x00100010, vr: 'PN', value: 'LARGE^UPLOAD' },
    { tag: 0x00100020, vr: 'LO', value: 'BIG0001' },
    { tag: 0x0020000d, vr: 'UI', value: uidFromSeed('precis/e2e/large-upload/study') },
    { tag: 0x0020000e, vr: 'UI', value: uidFromSeed('precis/e2e/large-upload/series') },
    { tag: 0x00280002, vr: 'US', value: 1 },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280008, vr: 'IS', value: String(FRAMES) },
    { tag: 0x00280010, vr: 'US', value: ROWS },
    { tag: 0x00280011, vr: 'US', value: COLUMNS },
    { tag: 0x00280100, vr: 'US', value: 16 },
    { tag: 0x00280101, vr: 'US', value: 16 },
    { tag: 0x00280102, vr: 'US', value: 15 },
    { tag: 0x00280103, vr: 'US', value: 0 },
  ];
  const header = encodePart10({ MediaStorageSOPClassUID: MULTIFRAME_GRAYSCALE_WORD_SC, MediaStorageSOPInstanceUID: sop }, elements);
  // (7FE0,0010) OW with a 4-byte length, then the frames.
  const pixelHeader = Buffer.alloc(12);
  pixelHeader.writeUInt16LE(0x7fe0, 0);
  pixelHeader.writeUInt16LE(0x0010, 2);
  pixelHeader.write('OW', 4, 'latin1');
  pixelHeader.writeUInt32LE(FRAMES * FRAME_BYTES, 8);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    writeSync(fd, pixelHeader);
    const frame = Buffer.alloc(FRAME_BYTES);
    for (let f = 0; f < FRAMES; f++) {
      frame.fill(f % 251); // each frame its own grey, so no two frames are alike
      writeSync(fd, frame);
    }
  } finally {
    closeSync(fd);
  }
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) / 1024;
}

let app: RunningApp;
let folder: string;

test.beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'precis-large-'));
  writeLargeMultiframe(join(folder, 'cine.dcm'));
  app = await startApp();
});

test.afterAll(async () => {
  await app?.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('a 1.5 GB multi-frame file imports through the upload path with the web host under 400 MB', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto(app.url);
  await page.getByTestId('import-input').setInputFiles([join(folder, 'cine.dcm')]);
  await expect(page.getByTestId('import-result')).toContainText('1 imported', { timeout: 480_000 });
  const [patient] = await app.call<{ items: Array<{ caseId: string; PatientID: string; instanceCount: number }> }>('patients.search', { query: 'BIG0001' }).then((r) => r.items);
  expect(patient).toMatchObject({ PatientID: 'BIG0001', instanceCount: 1 });
  const peak = peakRssMb(app.process.pid as number);
  test.info().annotations.push({ type: 'web host peak RSS', description: `${peak.toFixed(0)} MB` });
  // Failing: the host reads the whole upload (or the whole file at import) into memory.
  expect(peak).toBeLessThan(400);
});
