// Measurements a radiologist draws (issue 13): each tool's measurement on a CT image is kept in the
// patient's case, comes back after the web host restarts exactly where it was with the same values, and
// the ellipse ROI's mean is the mean of the pixels DCMTK decodes inside the same ellipse. Without pixel
// spacing, lengths are in pixels and labelled so (an ultrasound's region calibration is named too).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { AnnotationRecord, PatientPage } from '../../preload/api.ts';
import { referenceDecode } from './referenceDecoder.ts';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const FOLDER = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files');
const CT_SMALL = join(FOLDER, 'CT_small.dcm');
// CT_small.dcm: 128 x 128, axial (IOP 1\0\0\0\1\0), as dcmdump prints it.
const IPP = [-158.135803, -179.035797, -75.699997];
const SPACING = 0.661468;

/** Imports `path` by path (under an import root) and waits for the job to finish. */
async function importPath(app: RunningApp, path: string): Promise<void> {
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [path] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state).toBe('done');
}

/** Imports CT_small and returns its case id (the library's only patient). */
async function importCtSmall(app: RunningApp): Promise<string> {
  await importPath(app, CT_SMALL);
  return (await app.call<PatientPage>('patients.search', {})).items[0]?.caseId ?? '';
}

async function openCt(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await page.getByTestId('patient-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
}

type Offset = [number, number];

/** A left-button gesture through `path` (offsets in CSS pixels from the viewport's centre). */
async function gesture(page: Page, path: Offset[]): Promise<void> {
  const box = await page.locator('.cornerstone-element').boundingBox();
  if (!box) throw new Error('no viewport');
  const at = (p: Offset): Offset => [box.x + box.width / 2 + p[0], box.y + box.height / 2 + p[1]];
  await page.mouse.move(...at(path[0] as Offset));
  await page.mouse.down();
  for (let i = 1; i < path.length; i++) {
    const [from, to] = [at(path[i - 1] as Offset), at(path[i] as Offset)];
    for (let k = 1; k <= 6; k++) await page.mouse.move(from[0] + ((to[0] - from[0]) * k) / 6, from[1] + ((to[1] - from[1]) * k) / 6);
  }
  await page.mouse.up();
}

const drag = (page: Page, from: Offset, to: Offset): Promise<void> => gesture(page, [from, to]);

/** Moves to `point` and clicks there (a tool's next point). */
async function clickAt(page: Page, point: Offset): Promise<void> {
  await gesture(page, [point]);
}

async function records(app: RunningApp, caseId: string): Promise<AnnotationRecord[]> {
  return app.call<AnnotationRecord[]>('annotations.list', { caseId });
}

/** Mean HU of the pixels whose centres lie inside the ellipse the EllipticalROI handles span. */
function dcmtkEllipseMean(points: AnnotationRecord['points']): number {
  const [bottom, top, left, right] = points as unknown as [number[], number[], number[], number[]];
  const cx = ((left[0] as number) + (right[0] as number)) / 2;
  const cy = ((top[1] as number) + (bottom[1] as number)) / 2;
  const rx = Math.abs((right[0] as number) - (left[0] as number)) / 2;
  const ry = Math.abs((top[1] as number) - (bottom[1] as number)) / 2;
  const image = referenceDecode(CT_SMALL, '1.2.840.10008.1.2.1');
  let sum = 0;
  let n = 0;
  for (let row = 0; row < image.rows; row++) {
    for (let column = 0; column < image.columns; column++) {
      const x = (IPP[0] as number) + column * SPACING;
      const y = (IPP[1] as number) + row * SPACING;
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue;
      sum += (image.values[row * image.columns + column] as number) * image.slope + image.intercept;
      n++;
    }
  }
  return sum / n;
}

test('every tool\'s measurement is kept in the case and comes back the same after a restart', async ({ browser }) => {
  // Failing: a radiologist's measurements vanish, move or change value when the app restarts.
  test.setTimeout(180_000);
  const first = await startApp({ importRoots: [FOLDER] });
  let before: AnnotationRecord[] = [];
  let caseId = '';
  let shown: string[] = [];
  try {
    caseId = await importCtSmall(first);
    const page = await browser.newPage();
    await openCt(page, first);
    await page.getByTestId('panel-tab-measurements').click();
    const rows = page.getByTestId('measurement-row');

    await page.getByTestId('tool-Length').click();
    await drag(page, [-150, -200], [60, -150]);
    await expect(rows).toHaveCount(1);
    await page.getByTestId('tool-EllipticalROI').click();
    await drag(page, [-60, -40], [70, 60]);
    await expect(rows).toHaveCount(2);
    await page.getByTestId('tool-Probe').click();
    await clickAt(page, [150, 150]);
    await expect(rows).toHaveCount(3);
    await page.getByTestId('tool-Angle').click();
    await drag(page, [-280, -280], [-200, -280]);
    await clickAt(page, [-200, -220]);
    await expect(rows).toHaveCount(4);
    await page.getByTestId('tool-CobbAngle').click();
    await drag(page, [200, -280], [280, -260]);
    await drag(page, [200, -200], [280, -230]);
    await expect(rows).toHaveCount(5);
    await page.getByTestId('tool-Bidirectional').click();
    await drag(page, [-280, 100], [-180, 180]);
    await expect(rows).toHaveCount(6);
    await page.getByTestId('tool-RectangleROI').click();
    await drag(page, [-280, 220], [-200, 290]);
    await expect(rows).toHaveCount(7);
    await page.getByTestId('tool-PlanarFreehandROI').click();
    await gesture(page, [[60, 200], [140, 200], [140, 280], [60, 280], [61, 203]]);
    await expect(rows).toHaveCount(8);
    await page.getByTestId('tool-ArrowAnnotate').click();
    await drag(page, [200, 40], [260, 90]);
    await page.getByTestId('annotation-text-input').fill('hilar node');
    await page.keyboard.press('Enter');
    await expect(rows).toHaveCount(9);
    // Every measuring record has its values once Cornerstone has computed them (an arrow measures nothing).
    const measured = (r: AnnotationRecord): boolean => r.tool === 'ArrowAnnotate' || Object.keys(r.stats).length > 0;
    await expect.poll(async () => (await records(first, caseId)).every(measured), { timeout: 15_000 }).toBe(true);
    before = await records(first, caseId);
    expect(before.map((r) => r.tool)).toEqual(['Length', 'EllipticalROI', 'Probe', 'Angle', 'CobbAngle', 'Bidirectional', 'RectangleROI', 'PlanarFreehandROI', 'ArrowAnnotate']);
    const [length, ellipse, probe, angle, cobb, bidirectional, rectangle, freehand] = before as AnnotationRecord[] as [AnnotationRecord, AnnotationRecord, AnnotationRecord, AnnotationRecord, AnnotationRecord, AnnotationRecord, AnnotationRecord, AnnotationRecord];
    expect(angle.points).toHaveLength(3);
    expect(angle.stats).toMatchObject({ angleUnit: 'deg' });
    expect(cobb.points).toHaveLength(4);
    expect(cobb.stats.angle as number).toBeGreaterThan(0);
    expect(bidirectional.points).toHaveLength(4);
    expect(bidirectional.stats).toMatchObject({ lengthUnit: 'mm' });
    expect(bidirectional.stats.length as number).toBeGreaterThan(bidirectional.stats.width as number);
    for (const roi of [rectangle, freehand]) expect(roi.stats).toMatchObject({ valueUnit: 'HU', areaUnit: 'mm²' });
    expect(freehand.points.length).toBeGreaterThan(4);
    expect((before[8] as AnnotationRecord).label).toBe('hilar node');
    expect(length.stats).toMatchObject({ lengthUnit: 'mm' });
    expect(length.stats.length as number).toBeGreaterThan(5);
    // The length is the distance between its two points, in mm.
    const [a, b] = length.points as unknown as [number[], number[]];
    expect(length.stats.length as number).toBeCloseTo(Math.hypot(...a.map((v, i) => v - (b[i] as number))), 2);
    expect(ellipse.stats).toMatchObject({ valueUnit: 'HU', areaUnit: 'mm²' });
    expect(ellipse.stats.mean as number).toBeCloseTo(dcmtkEllipseMean(ellipse.points), 1);
    expect(probe.stats).toMatchObject({ valueUnit: 'HU' });
    for (const r of before) {
      expect(r.SOPInstanceUID).toBe('1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322');
      expect(r.FrameOfReferenceUID).toBe('1.3.6.1.4.1.5962.1.4.1.1.20040119072730.12322');
      // On the image's plane (z of the axial slice).
      for (const p of r.points) expect(p[2] as number).toBeCloseTo(IPP[2] as number, 2);
    }
    shown = await page.getByTestId('measurement-value').allTextContents();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, '20-measurements-every-tool.png') });
    await page.close();
  } finally {
    await first.stop({ keepDataDir: true });
  }

  const second = await startApp({ dataDir: first.dataDir });
  try {
    const page = await browser.newPage();
    await openCt(page, second);
    await page.getByTestId('panel-tab-measurements').click();
    await expect(page.getByTestId('measurement-row')).toHaveCount(9);
    expect(await page.getByTestId('measurement-value').allTextContents()).toEqual(shown);
    // Showing them again computes their values again: nothing is re-saved or changed by looking.
    await page.waitForTimeout(1500);
    expect(await records(second, caseId)).toEqual(before);
    // Deleting one removes it from the case.
    await page.getByTestId('measurement-delete').first().click();
    await expect(page.getByTestId('measurement-row')).toHaveCount(8);
    await expect.poll(async () => (await records(second, caseId)).map((r) => r.tool)).toEqual(['EllipticalROI', 'Probe', 'Angle', 'CobbAngle', 'Bidirectional', 'RectangleROI', 'PlanarFreehandROI', 'ArrowAnnotate']);
    await page.close();
  } finally {
    await second.stop();
  }
});

test('without pixel spacing a length is in pixels and says so; on ultrasound it is calibrated by its region', async ({ browser }) => {
  // Failing: a length in pixels is shown (and kept) as if it were millimetres.
  const scratch = mkdtempSync(join(tmpdir(), 'precis-e2e-nospacing-'));
  const noSpacing = join(scratch, 'ct-without-spacing.dcm');
  copyFileSync(CT_SMALL, noSpacing);
  execFileSync('dcmodify', ['-nb', '-gin', '-e', '(0028,0030)', noSpacing]);
  const us = join(SHARED_DATA, 'dicom', 'cornerstone3d-testimages', 'no-pixel-spacing.dcm');
  const app = await startApp({ importRoots: [scratch, dirname(us)] });
  try {
    for (const path of [noSpacing, us]) {
      await importPath(app, path);
    }
    const page = await browser.newPage();
    await page.goto(app.url);
    const units: string[] = [];
    for (const patient of (await app.call<PatientPage>('patients.search', {})).items) {
      await page.getByTestId('patient-row').filter({ hasText: patient.PatientID }).click();
      await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
      await page.getByTestId('panel-tab-measurements').click();
      await page.getByTestId('tool-Length').click();
      await drag(page, [-100, -50], [100, 50]);
      await expect(page.getByTestId('measurement-row')).toHaveCount(1);
      await expect.poll(async () => (await records(app, patient.caseId))[0]?.stats.lengthUnit ?? null).not.toBeNull();
      units.push(String((await records(app, patient.caseId))[0]?.stats.lengthUnit));
      await expect(page.getByTestId('measurement-value')).toContainText(units.at(-1) as string);
    }
    // The CT without Pixel Spacing: pixels. The ultrasound: its region's calibration, named as such.
    expect(units.sort()).toEqual(['cm US Region', 'px']);
    await page.close();
  } finally {
    await app.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('Ctrl+Z takes the last measurement back and Ctrl+Y brings it again, in the case too', async ({ browser }) => {
  // Failing: an undone measurement stays in the patient's case (or a redone one is lost) while the screen says otherwise.
  const app = await startApp({ importRoots: [FOLDER] });
  try {
    const caseId = await importCtSmall(app);
    const page = await browser.newPage();
    await openCt(page, app);
    await page.getByTestId('panel-tab-measurements').click();
    const rows = page.getByTestId('measurement-row');
    await page.getByTestId('tool-Length').click();
    await drag(page, [-100, -50], [100, 50]);
    await expect(rows).toHaveCount(1);
    await expect.poll(async () => (await records(app, caseId))[0]?.stats.length ?? null).not.toBeNull();
    const [drawn] = await records(app, caseId);
    await page.keyboard.press('Control+z');
    await expect(rows).toHaveCount(0);
    await expect.poll(async () => (await records(app, caseId)).length).toBe(0);
    await page.keyboard.press('Control+y');
    await expect(rows).toHaveCount(1);
    await expect.poll(async () => (await records(app, caseId)).map((r) => [r.annotationUID, r.points])).toEqual([[drawn?.annotationUID, drawn?.points]]);
    await page.close();
  } finally {
    await app.stop();
  }
});

test('measurements made target findings add up per study in the Findings tab (a lymph node by its short axis)', async ({ browser }) => {
  // Failing: the oncologist's sum of target lesions (RECIST) is missing or adds the wrong diameters.
  const app = await startApp({ importRoots: [FOLDER] });
  try {
    const caseId = await importCtSmall(app);
    const page = await browser.newPage();
    await openCt(page, app);
    await page.getByTestId('panel-tab-measurements').click();
    const rows = page.getByTestId('measurement-row');
    await page.getByTestId('tool-Length').click();
    await drag(page, [-150, -200], [60, -150]);
    await page.getByTestId('tool-Bidirectional').click();
    await drag(page, [-60, 40], [80, 120]);
    await expect(rows).toHaveCount(2);
    await expect.poll(async () => (await records(app, caseId)).every((r) => typeof r.stats.length === 'number')).toBe(true);
    const promote = async (row: number, label: string, location: string): Promise<void> => {
      await rows.nth(row).getByTestId('promote-finding').click();
      await page.getByTestId('finding-label').fill(label);
      await page.getByTestId('finding-location').fill(location);
      await page.getByTestId('finding-save').click();
      await expect(rows.nth(row).getByTestId('promote-finding')).toHaveText('Target');
    };
    await promote(0, 'RUL nodule', 'right upper lobe');
    await promote(1, 'N7', 'subcarinal lymph node');
    const [length, node] = await records(app, caseId) as [AnnotationRecord, AnnotationRecord];
    expect(length.finding).toEqual({ label: 'RUL nodule', location: 'right upper lobe', target: true });
    const expected = (length.stats.length as number) + (node.stats.width as number);
    await page.getByTestId('panel-tab-findings').click();
    await expect(page.getByTestId('findings-panel').getByTestId('finding-row')).toHaveCount(2);
    await expect(page.getByTestId('recist-sum')).toContainText(`sum of 2 target diameters ${expected.toFixed(1)} mm`);
    await page.close();
  } finally {
    await app.stop();
  }
});
