// MPR (issue 13, item 5): the chest CT in axial, sagittal and coronal planes beside its stack, the
// crosshairs moving the other planes to the clicked point, and a slab; the tilted, unevenly spaced GE
// head CT is refused with the reason while its stack stays viewable.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const LIDC = join(SHARED_DATA, 'dicom', 'lidc-idri-0314-chest-ct');
const GE = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'GE');

interface Camera { focalPoint: number[]; viewPlaneNormal: number[]; slabThickness: number; blendMode: number }
interface MprDiagnostics {
  mprCamera(viewportId: string): Camera | null;
  mprWorldAt(viewportId: string, x: number, y: number): number[] | null;
}
type DiagnosticsWindow = { precisDiagnostics: MprDiagnostics };
const cameraOf = (page: Page, id: string): Promise<Camera | null> =>
  page.evaluate((v) => (window as unknown as DiagnosticsWindow).precisDiagnostics.mprCamera(v), id);
const worldAt = (page: Page, id: string, x: number, y: number): Promise<number[] | null> =>
  page.evaluate(([v, cx, cy]) => (window as unknown as DiagnosticsWindow).precisDiagnostics.mprWorldAt(v as string, cx as number, cy as number), [id, x, y] as const);

const PLANES = ['axial', 'sagittal', 'coronal'] as const;
const plane = (page: Page, orientation: string) => page.locator(`[data-testid="viewport"][data-mpr-orientation="${orientation}"]`);

async function importAndOpen(page: Page, app: RunningApp, folder: string): Promise<void> {
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [folder] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 300_000, intervals: [500] }).toBe('done');
  await page.goto(`${app.url}&diagnostics=1`);
  await page.waitForFunction(() => 'precisDiagnostics' in window);
  await page.getByTestId('patient-row').first().click();
  await expect(page.getByTestId('viewport').first()).toHaveAttribute('data-render-state', 'rendered');
}

// If this fails, a radiologist gets no sagittal or coronal view of a chest CT, or crosshairs that do
// not bring the other planes to the point clicked.
test('2x2 MPR of the chest CT: three orthogonal planes, crosshairs move the other two to the clicked point, slab MIP', async ({ page }) => {
  test.setTimeout(600_000);
  const app = await startApp({ importRoots: [LIDC] });
  try {
    await importAndOpen(page, app, LIDC);
    const started = Date.now();
    await page.getByTestId('layout-mpr').click();
    await expect(page.getByTestId('viewport')).toHaveCount(4);
    await expect(page.getByTestId('layout-mpr')).toHaveAttribute('aria-pressed', 'true');
    for (const o of PLANES) await expect(plane(page, o)).toHaveAttribute('data-render-state', 'rendered', { timeout: 300_000 });
    console.log(`MPR: three planes rendered ${Date.now() - started} ms after the click`);
    // The stack stays in the fourth viewport.
    await expect(page.locator('[data-testid="viewport"][data-viewport-id="precis-stack"]')).toHaveAttribute('data-render-state', 'rendered');

    // Three orthogonal planes: axial looks along z, sagittal along x, coronal along y (LPS).
    const normals = await Promise.all(PLANES.map(async (o) => (await cameraOf(page, `precis-mpr-${o}`))?.viewPlaneNormal ?? []));
    const dominant = normals.map((n) => n.map(Math.abs).indexOf(Math.max(...n.map(Math.abs))));
    expect(dominant).toEqual([2, 0, 1]);
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) {
      const dot = (normals[a] ?? []).reduce((s, v, k) => s + v * (normals[b]?.[k] ?? 0), 0);
      expect(Math.abs(dot)).toBeLessThan(1e-6);
    }
    await expect(plane(page, 'sagittal').getByTestId('mpr-label')).toHaveText('sagittal');
    // The sagittal plane's edges say anterior/posterior and head/feet, not the axial images' letters.
    await expect(plane(page, 'sagittal').locator('.orientation.top')).toHaveText('H');
    await expect(plane(page, 'sagittal').locator('.orientation.right')).toHaveText('P');

    // Click a point off-centre in the axial plane: the sagittal plane moves to its x, the coronal to its y.
    const axial = plane(page, 'axial');
    const box = await axial.boundingBox();
    if (!box) throw new Error('no axial viewport');
    const [cx, cy] = [Math.round(box.width * 0.35), Math.round(box.height * 0.6)];
    const target = await worldAt(page, 'precis-mpr-axial', cx, cy);
    if (!target) throw new Error('the axial plane shows no volume');
    const before = await cameraOf(page, 'precis-mpr-sagittal');
    await axial.click({ position: { x: cx, y: cy } });
    // Snapped to voxels: within one voxel (0.7 mm in-plane here).
    await expect.poll(async () => Math.abs(((await cameraOf(page, 'precis-mpr-sagittal'))?.focalPoint[0] ?? NaN) - (target[0] ?? 0))).toBeLessThan(0.8);
    await expect.poll(async () => Math.abs(((await cameraOf(page, 'precis-mpr-coronal'))?.focalPoint[1] ?? NaN) - (target[1] ?? 0))).toBeLessThan(0.8);
    expect(Math.abs((before?.focalPoint[0] ?? 0) - (target[0] ?? 0))).toBeGreaterThan(20);
    // The sagittal plane's image number follows.
    await expect(plane(page, 'sagittal')).toHaveAttribute('data-render-state', 'rendered');

    // A length drawn on the sagittal plane (no image of its own) is kept by Frame of Reference, in mm,
    // on that plane, and is listed; it comes back after a reload.
    await page.getByTestId('tool-Length').click();
    const sagittal = plane(page, 'sagittal');
    const sbox = await sagittal.boundingBox();
    if (!sbox) throw new Error('no sagittal viewport');
    await page.mouse.move(sbox.x + sbox.width * 0.4, sbox.y + sbox.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(sbox.x + sbox.width * 0.55, sbox.y + sbox.height * 0.6, { steps: 8 });
    await page.mouse.up();
    await page.getByTestId('panel-tab-measurements').click();
    await expect(page.getByTestId('measurement-row')).toHaveCount(1);
    const caseId = (await app.call<{ items: Array<{ caseId: string }> }>('patients.search', {})).items[0]?.caseId;
    const records = await app.call<Array<{ SOPInstanceUID: string | null; FrameOfReferenceUID: string | null; points: number[][]; stats: Record<string, unknown> }>>('annotations.list', { caseId });
    expect(records).toHaveLength(1);
    expect(records[0]?.SOPInstanceUID).toBeNull();
    expect(records[0]?.FrameOfReferenceUID).toBeTruthy();
    const planeX = (await cameraOf(page, 'precis-mpr-sagittal'))?.focalPoint[0] ?? NaN;
    for (const p of records[0]?.points ?? []) expect(p[0]).toBeCloseTo(planeX, 2);
    expect(records[0]?.stats.lengthUnit).toBe('mm');
    expect(Number(records[0]?.stats.length)).toBeGreaterThan(10);
    await page.getByTestId('tool-Crosshairs').click();

    // A 20 mm MIP slab on the three planes.
    await page.getByTestId('mpr-slab-mode').selectOption('mip');
    await page.getByTestId('mpr-slab-thickness').fill('20');
    for (const o of PLANES) {
      await expect.poll(async () => (await cameraOf(page, `precis-mpr-${o}`))?.slabThickness).toBe(20);
      expect((await cameraOf(page, `precis-mpr-${o}`))?.blendMode).toBe(1);
    }
    await page.getByTestId('mpr-slab-mode').selectOption('minip');
    await expect.poll(async () => (await cameraOf(page, 'precis-mpr-coronal'))?.blendMode).toBe(2);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, '30-mpr-chest-ct.png') });

    // Back to one viewport: the stack is still there.
    await page.getByTestId('layout-1x1').click();
    await expect(page.getByTestId('viewport')).toHaveCount(1);
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  } finally {
    await app.stop();
  }
});

// If this fails, the tilted head CT would be drawn squashed by 42 mm and sheared in a sagittal plane
// (what Cornerstone3D does with it) instead of being refused with the reason.
test('MPR of the tilted, unevenly spaced GE head CT says why and keeps the stack', async ({ page }) => {
  test.setTimeout(300_000);
  const app = await startApp({ importRoots: [GE] });
  try {
    await importAndOpen(page, app, GE);
    await page.getByTestId('layout-mpr').click();
    for (const o of PLANES) {
      await expect(plane(page, o)).toHaveAttribute('data-render-state', 'unsupported', { timeout: 60_000 });
      await expect(plane(page, o).getByTestId('viewport-message')).toContainText('cannot be shown as a volume');
    }
    await expect(plane(page, 'axial').getByTestId('viewport-message')).toContainText(/tilt|spacing|spaced/i);
    await expect(page.locator('[data-testid="viewport"][data-viewport-id="precis-stack"]')).toHaveAttribute('data-render-state', 'rendered');
  } finally {
    await app.stop();
  }
});
