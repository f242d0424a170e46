// Key images (issue 13, item 7): a radiologist marks images of a CT as key with the Key button and with
// K, sees them in the key-images strip and as KEY on the image, finds them again after the web host
// restarts, jumps to each from the strip, and takes the marks off again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { InstanceSummary, KeyImage, PatientPage, StudySummary, SeriesSummary } from '../../preload/api.ts';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

// The GE head CT: 28 axial slices of one series.
const CT_FOLDER = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'GE');

async function importCt(app: RunningApp): Promise<string> {
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [CT_FOLDER] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 60_000 }).toBe('done');
  return (await app.call<PatientPage>('patients.search', {})).items[0]?.caseId ?? '';
}

async function openCt(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await page.getByTestId('patient-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
}

/** Shows image `n` (1-based) of the open series with the keys. */
async function goToImage(page: Page, n: number): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: ${n}/28`);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
}

/** The display position (1-based, as the overlay says "Image: n/N") of each key image, in strip order. */
async function keyPositions(app: RunningApp, caseId: string): Promise<number[]> {
  const [study] = await app.call<StudySummary[]>('studies.list', { caseId });
  const [series] = await app.call<SeriesSummary[]>('series.list', { caseId, StudyInstanceUID: study?.StudyInstanceUID });
  const instances = await app.call<InstanceSummary[]>('series.instances', { caseId, SeriesInstanceUID: series?.SeriesInstanceUID });
  const keys = await app.call<KeyImage[]>('keyImages.list', { caseId });
  return keys.map((k) => instances.findIndex((i) => i.SOPInstanceUID === k.SOPInstanceUID) + 1);
}

test('key images are marked by button and key, listed in the strip, kept across a restart, shown from the strip and unmarked', async ({ browser }) => {
  // Failing: a radiologist's key images are not kept with the case, or the strip does not lead back to them.
  test.setTimeout(240_000);
  const first = await startApp({ importRoots: [CT_FOLDER] });
  let caseId = '';
  try {
    caseId = await importCt(first);
    const page = await browser.newPage();
    await openCt(page, first);
    const toggle = page.getByTestId('key-image-toggle');
    const marker = page.getByTestId('key-image-marker');
    const items = page.getByTestId('key-image');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle).toHaveAttribute('title', 'Mark or unmark the image as a key image (K)');
    await expect(page.getByTestId('key-images-strip')).toHaveCount(0);

    await goToImage(page, 3);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(marker).toBeVisible();
    await expect(items).toHaveCount(1);

    // Another image is not key until K marks it.
    await goToImage(page, 8);
    await expect(marker).toHaveCount(0);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('k');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(marker).toBeVisible();
    await expect(items).toHaveCount(2);
    expect((await keyPositions(first, caseId)).sort((a, b) => a - b)).toEqual([3, 8]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, '22-key-images-strip.png') });
    await page.close();
  } finally {
    await first.stop({ keepDataDir: true });
  }

  const second = await startApp({ dataDir: first.dataDir });
  try {
    const page = await browser.newPage();
    await openCt(page, second);
    const items = page.getByTestId('key-image');
    await expect(items).toHaveCount(2);
    const positions = await keyPositions(second, caseId);
    // Each strip item shows its image in the main viewport, marked KEY, from wherever the reader was.
    for (const [i, position] of positions.entries()) {
      await page.keyboard.press('End');
      await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 28/28');
      await items.nth(i).click();
      await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: ${position}/28`);
      await expect(page.getByTestId('key-image-marker')).toBeVisible();
      await expect(page.getByTestId('key-image-toggle')).toHaveAttribute('aria-pressed', 'true');
    }

    // The strip's Export KOS writes the Key Object Selection document under the data directory and says where.
    await page.getByTestId('key-images-export').click();
    await expect(page.getByTestId('key-images-export-note')).toContainText(`Key Object Selection written to ${join(second.dataDir, 'exports')}`);

    // Unmarking (K, then the button) takes each off the strip and out of the case.
    await page.keyboard.press('k');
    await expect(page.getByTestId('key-image-toggle')).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('key-image-marker')).toHaveCount(0);
    await expect(items).toHaveCount(1);
    await items.first().click();
    await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: ${positions[0]}/28`);
    await page.getByTestId('key-image-toggle').click();
    await expect(page.getByTestId('key-images-strip')).toHaveCount(0);
    await expect.poll(async () => (await second.call<KeyImage[]>('keyImages.list', { caseId })).length).toBe(0);
    await page.close();
  } finally {
    await second.stop();
  }
});
