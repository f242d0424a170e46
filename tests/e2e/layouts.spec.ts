// Layouts (issue 13, item 4): 1x1, 1x2, 2x1 and 2x2, with a series dragged from the study browser onto a
// viewport of its own. The Philips head CT has series 201 (54 images) and 301 (58 images) and a scout.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const PHILIPS = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'Philips');

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp({ importRoots: [PHILIPS] });
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [PHILIPS] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 60_000 }).toBe('done');
});
test.afterAll(async () => app?.stop());

test('1x2, 2x1 and 2x2 show that many viewports; a series dropped on one is shown there, beside the main one', async ({ page }) => {
  // Failing: a radiologist cannot compare two series side by side.
  await page.goto(app.url);
  await page.getByTestId('patient-row').first().click();
  const viewports = page.getByTestId('viewport');
  await expect(viewports.first()).toHaveAttribute('data-render-state', 'rendered');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 1/58');

  for (const [name, count] of [['1x2', 2], ['2x1', 2], ['2x2', 4]] as const) {
    await page.getByTestId(`layout-${name}`).click();
    await expect(viewports).toHaveCount(count);
    await expect(page.getByTestId(`layout-${name}`)).toHaveAttribute('aria-pressed', 'true');
  }
  await page.getByTestId('layout-1x2').click();
  const second = viewports.nth(1);
  await expect(second.getByTestId('viewport-empty')).toBeVisible();
  await page.getByTestId('series-row').filter({ hasText: '54 images' }).dragTo(second);
  await expect(second).toHaveAttribute('data-render-state', 'rendered');
  await expect(second.getByTestId('overlay-bottom-left')).toContainText('Image: 1/54');
  await expect(second.getByTestId('overlay-top-right')).toContainText('Series 201');
  // The main viewport still shows its own series, and the keys act on the viewport last clicked.
  await expect(viewports.first().getByTestId('overlay-bottom-left')).toContainText('Image: 1/58');
  await second.click();
  await page.keyboard.press('ArrowDown');
  await expect(second.getByTestId('overlay-bottom-left')).toContainText('Image: 2/54');
  await expect(viewports.first().getByTestId('overlay-bottom-left')).toContainText('Image: 1/58');
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, '21-layout-1x2.png') });
  await page.getByTestId('layout-1x1').click();
  await expect(viewports).toHaveCount(1);
  await expect(viewports.first()).toHaveAttribute('data-render-state', 'rendered');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 1/58');
});

test('a layout saved for CT is the one the next CT study opens in, its other viewport filled with the next series', async ({ browser }) => {
  // Failing: a radiologist arranges the same layout by hand for every CT study, every day.
  const page = await browser.newPage();
  await page.goto(app.url);
  await page.getByTestId('patient-row').first().click();
  await expect(page.getByTestId('viewport').first()).toHaveAttribute('data-render-state', 'rendered');
  await page.getByTestId('layout-1x2').click();
  await page.getByTestId('hanging-save').click();
  await expect(page.getByTestId('hanging-note')).toContainText('CT studies now open in 1x2');
  expect(await app.call('hangingProtocols.list', {})).toMatchObject([{ modality: 'CT', layout: '1x2' }]);
  await page.close();

  // A new page (the layout starts as 1x1): opening the CT study hangs it 1x2, series 201 beside 301.
  const again = await browser.newPage();
  await again.goto(app.url);
  await expect(again.getByTestId('layout-1x1')).toHaveAttribute('aria-pressed', 'true');
  await again.getByTestId('patient-row').first().click();
  await expect(again.getByTestId('layout-1x2')).toHaveAttribute('aria-pressed', 'true');
  const viewports = again.getByTestId('viewport');
  await expect(viewports).toHaveCount(2);
  await expect(viewports.nth(1)).toHaveAttribute('data-render-state', 'rendered');
  await expect(viewports.first().getByTestId('overlay-top-right')).toContainText('Series 301');
  await expect(viewports.nth(1).getByTestId('overlay-top-right')).toContainText('Series 201');
  await again.close();
});
