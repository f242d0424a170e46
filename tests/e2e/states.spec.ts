// The states a user meets besides the happy path: the demo case on an empty library, a file the
// viewer cannot decode exactly (a clear message, not a black square), broken files listed with their
// reasons, and patient search.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const PYDICOM = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files');

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp();
  mkdirSync(ARTIFACTS, { recursive: true });
});
test.afterAll(async () => app?.stop());

test.describe.configure({ mode: 'serial' });

test('an empty library offers the demo case, which imports and displays a CT phantom in HU', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('load-demo').click();
  await expect(page.getByTestId('patient-row')).toContainText('PHANTOM, DEMO');
  await expect(page.getByTestId('patient-row')).toContainText('PRECIS-DEMO-001');
  await page.getByTestId('patient-row').click();
  await expect(page.getByTestId('series-row')).toContainText('64 images');
  await page.getByTestId('series-row').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  // The phantom's own window (W 400 / L 40 in its headers) is applied on open.
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('W: 400 L: 40');
  await expect(page.getByTestId('overlay-top-left')).toContainText('PRECIS-DEMO-001');
  await expect(page.getByTestId('patient-banner')).toContainText('1970-01-01');
  // Orientation letters come from ImageOrientationPatient (axial: R on the left, A on top).
  await expect(page.locator('.orientation.left')).toHaveText('R');
  await expect(page.locator('.orientation.top')).toHaveText('A');
  await page.keyboard.press('End');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 64/64');
  await page.keyboard.press('3');
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('W: 1800 L: 400');
  await page.keyboard.press('i');
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('Inverted');
  await page.keyboard.press('r');
  await expect(page.getByTestId('overlay-bottom-right')).not.toContainText('Inverted');
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  await page.screenshot({ path: join(ARTIFACTS, '05-demo-case.png') });
});

test('a 12-bit JPEG series is shown (decoded by the app, exactly), and a file whose decoders disagree says why instead', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('import-input').setInputFiles([join(PYDICOM, 'JPGExtended.dcm'), join(PYDICOM, 'J2K_pixelrep_mismatch.dcm')]);
  await expect(page.getByTestId('import-result')).toContainText('2 imported');
  // Failing: a radiologist's archive of 12-bit JPEG CTs cannot be read (Cornerstone3D alone decodes it off by 16).
  await page.getByTestId('patient-search').fill('8NM1');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await page.getByTestId('patient-row').click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  // Failing: pixel values that DCMTK and GDCM do not agree on are shown as if they were certain.
  await page.getByTestId('patient-search').fill('JXD191021006');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await page.getByTestId('patient-row').click();
  await page.getByTestId('series-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'unsupported');
  await expect(page.getByTestId('viewport-message')).toContainText('decoders disagree');
  await page.screenshot({ path: join(ARTIFACTS, '06-unsupported-syntax.png') });
});

test('broken and non-DICOM files are listed with their reasons; the rest is imported', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('import-input').setInputFiles([
    join(PYDICOM, 'MR_truncated.dcm'),
    join(PYDICOM, 'README.txt'),
    join(PYDICOM, 'MR_small.dcm'),
  ]);
  await expect(page.getByTestId('import-result')).toContainText('1 imported');
  await expect(page.getByTestId('import-result')).toContainText('2 not imported');
  await page.getByTestId('import-result').getByRole('button', { name: 'details' }).click();
  await expect(page.getByTestId('import-failures')).toContainText('truncated');
  await expect(page.getByTestId('import-failures')).toContainText('README.txt: not a DICOM file');
  await expect(page.getByTestId('import-failures')).not.toContainText('files/');
  await page.screenshot({ path: join(ARTIFACTS, '07-import-errors.png') });
});

test('patient search finds by name prefix, by ID and by birth date', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('patient-search').fill('phan');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await expect(page.getByTestId('patient-row')).toContainText('PHANTOM');
  await page.getByTestId('patient-search').fill('precis-demo');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await page.getByTestId('patient-search').fill('1970-01-01');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await page.getByTestId('patient-search').fill('nobody-by-this-name');
  await expect(page.getByTestId('library-empty')).toContainText('No patient matches');
});

test('files dropped on the window are imported', async ({ page }) => {
  await page.goto(app.url);
  const bytes = [...readFileSync(join(PYDICOM, 'CT_small.dcm'))];
  const dataTransfer = await page.evaluateHandle((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(content)], 'CT_small.dcm', { type: 'application/dicom' }));
    return transfer;
  }, bytes);
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByTestId('import-result')).toContainText('1 imported');
  await page.getByTestId('patient-search').fill('1CT1');
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await expect(page.getByTestId('patient-row')).toContainText('CompressedSamples, CT1');
});
