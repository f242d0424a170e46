// An SR measurement report made by another tool (dcmqi's TID 1500 example: 24 measurements of a PET
// segmentation, no geometry): imported, its measurements are listed in the Measurements tab with the
// names, values and units that DCMTK's dsrdump prints.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHARED_DATA, startApp } from './webHost.ts';

const SR = join(SHARED_DATA, 'dicom', 'dcmqi', 'sr-example', 'sr.dcm');

/** dsrdump's NUM lines: name, value and unit meaning, in document order. */
function dsrdumpMeasurements(): Array<{ name: string; value: string; unit: string }> {
  const text = execFileSync('dsrdump', [SR], { encoding: 'utf8' });
  return [...text.matchAll(/<contains NUM:\(,,"([^"]+)"\)="([^"]+)" \([^,]*,[^,]*,"([^"]*)"\)>/g)].map((m) => ({ name: m[1] ?? '', value: m[2] ?? '', unit: m[3] ?? '' }));
}

// If this fails, a radiologist importing another tool's measurement report sees nothing of it, or
// other numbers than the report holds.
test('dcmqi\'s measurement report is listed with the names, values and units dsrdump prints', async ({ page }) => {
  const expected = dsrdumpMeasurements();
  expect(expected.length).toBeGreaterThan(20);
  const app = await startApp({ importRoots: [SR] });
  try {
    const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [SR] });
    await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state).toBe('done');
    await page.goto(app.url);
    await page.getByTestId('patient-row').first().click();
    await page.getByTestId('panel-tab-measurements').click();
    const rows = page.getByTestId('report-measurement');
    await expect(rows).toHaveCount(expected.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({
      name: tr.querySelector('[data-testid="report-measurement-name"]')?.firstChild?.textContent ?? '',
      value: tr.querySelector('[data-testid="report-measurement-value"]')?.textContent ?? '',
      unit: tr.querySelector('[data-testid="report-measurement-unit"]')?.textContent ?? '',
    })));
    expect(shown).toEqual(expected);
    await expect(page.getByTestId('imported-report')).toContainText('User2');
  } finally {
    await app.stop();
  }
});
