// Measurements a radiologist draws (issue 13): length, ellipse ROI and probe on a CT image are kept in
// the patient's case, come back after the web host restarts exactly where they were with the same
// values, and the ROI's mean is the mean of the pixels DCMTK decodes inside the same ellipse.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { AnnotationRecord, PatientPage } from '../../preload/api.ts';
import { referenceDecode } from './referenceDecoder.ts';
import { SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const FOLDER = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files');
const CT_SMALL = join(FOLDER, 'CT_small.dcm');
// CT_small.dcm: 128 x 128, axial (IOP 1\0\0\0\1\0), as dcmdump prints it.
const IPP = [-158.135803, -179.035797, -75.699997];
const SPACING = 0.661468;

async function openCt(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await page.getByTestId('patient-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
}

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const box = await page.locator('.cornerstone-element').boundingBox();
  if (!box) throw new Error('no viewport');
  const at = (p: [number, number]): [number, number] => [box.x + box.width / 2 + p[0], box.y + box.height / 2 + p[1]];
  await page.mouse.move(...at(from));
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) await page.mouse.move(at(from)[0] + ((at(to)[0] - at(from)[0]) * k) / 8, at(from)[1] + ((at(to)[1] - at(from)[1]) * k) / 8);
  await page.mouse.up();
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

test('length, ellipse ROI and probe are kept in the case and come back the same after a restart', async ({ browser }) => {
  // Failing: a radiologist's measurements vanish, move or change value when the app restarts.
  test.setTimeout(180_000);
  const first = await startApp({ importRoots: [FOLDER] });
  let before: AnnotationRecord[] = [];
  let caseId = '';
  let shown: string[] = [];
  try {
    const { jobId } = await first.call<{ jobId: string }>('import.start', { paths: [CT_SMALL] });
    await expect.poll(async () => (await first.call<{ state: string }>('jobs.get', { jobId })).state).toBe('done');
    caseId = (await first.call<PatientPage>('patients.search', {})).items[0]?.caseId ?? '';
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
    await drag(page, [150, 150], [150, 150]);
    await expect(rows).toHaveCount(3);
    // Every record has its values once Cornerstone has computed them.
    await expect.poll(async () => (await records(first, caseId)).every((r) => Object.keys(r.stats).length > 0), { timeout: 15_000 }).toBe(true);
    before = await records(first, caseId);
    expect(before.map((r) => r.tool)).toEqual(['Length', 'EllipticalROI', 'Probe']);
    const [length, ellipse, probe] = before as [AnnotationRecord, AnnotationRecord, AnnotationRecord];
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
    await page.close();
  } finally {
    await first.stop({ keepDataDir: true });
  }

  const second = await startApp({ dataDir: first.dataDir });
  try {
    const page = await browser.newPage();
    await openCt(page, second);
    await page.getByTestId('panel-tab-measurements').click();
    await expect(page.getByTestId('measurement-row')).toHaveCount(3);
    expect(await page.getByTestId('measurement-value').allTextContents()).toEqual(shown);
    // Showing them again computes their values again: nothing is re-saved or changed by looking.
    await page.waitForTimeout(1500);
    expect(await records(second, caseId)).toEqual(before);
    // Deleting one removes it from the case.
    await page.getByTestId('measurement-delete').first().click();
    await expect(page.getByTestId('measurement-row')).toHaveCount(2);
    await expect.poll(async () => (await records(second, caseId)).map((r) => r.tool)).toEqual(['EllipticalROI', 'Probe']);
    await page.close();
  } finally {
    await second.stop();
  }
});
