// Wrong-patient safety (UI.md): when the viewports show images of two patients, the banner says so in
// red, naming both; with one patient on screen again, the warning goes.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHARED_DATA, startApp } from './webHost.ts';

const FILES = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files');
const CT_SMALL = join(FILES, 'CT_small.dcm');
const MR_SMALL = join(FILES, 'MR_small.dcm');

// If this fails, a reader comparing two viewports may read one patient's images as another's.
test('two patients on screen at once are named in a red warning in the banner', async ({ page }) => {
  const app = await startApp({ importRoots: [CT_SMALL, MR_SMALL] });
  try {
    const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [CT_SMALL, MR_SMALL] });
    await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state).toBe('done');
    await page.goto(app.url);
    const patients = page.getByTestId('patient-row');
    await expect(patients).toHaveCount(2);
    await patients.nth(0).click();
    const viewports = page.getByTestId('viewport');
    await expect(viewports.first()).toHaveAttribute('data-render-state', 'rendered');
    const firstId = (await page.getByTestId('patient-banner').textContent()) ?? '';
    await page.getByTestId('layout-1x2').click();
    await page.getByTestId('series-row').first().dragTo(viewports.nth(1));
    await expect(viewports.nth(1)).toHaveAttribute('data-render-state', 'rendered');
    // One patient in both viewports: no warning.
    await expect(page.getByTestId('mixed-patients-warning')).toHaveCount(0);

    await patients.nth(1).click();
    await expect(viewports.first()).toHaveAttribute('data-render-state', 'rendered');
    const warning = page.getByTestId('mixed-patients-warning');
    await expect(warning).toContainText('Viewports show 2 patients');
    await expect(warning).toHaveCSS('background-color', 'rgb(198, 40, 40)');
    const idOf = (banner: string): string => /ID\s*(\S+?)Born/.exec(banner.replace(/\s+/g, ''))?.[1] ?? '';
    expect(idOf(firstId)).not.toBe('');
    await expect(warning).toContainText(idOf(firstId));

    await page.getByTestId('layout-1x1').click();
    await expect(page.getByTestId('mixed-patients-warning')).toHaveCount(0);
  } finally {
    await app.stop();
  }
});
