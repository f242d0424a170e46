// A radiologist's first session: import a CT series through the UI, open it, scroll to the last image,
// apply the lung window, and see the image with its overlays. No request leaves 127.0.0.1.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const CT_FOLDER = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'GE');
const CT_FILES = readdirSync(CT_FOLDER).filter((f) => f.endsWith('.dcm')).map((f) => join(CT_FOLDER, f));

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp();
  mkdirSync(ARTIFACTS, { recursive: true });
});
test.afterAll(async () => app?.stop());

/** Standard deviation of the viewport canvas' grey levels: 0 for a blank (all black or all grey) canvas. */
async function canvasSpread(page: Page): Promise<number> {
  return page.locator('[data-testid="viewport"] canvas').first().evaluate((canvas: HTMLCanvasElement) => {
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    if (!ctx) return 0;
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    let sum = 0;
    let sumSq = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      const grey = ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3;
      sum += grey;
      sumSq += grey * grey;
    }
    return Math.sqrt(sumSq / n - (sum / n) ** 2);
  });
}

test('import a CT through the UI, open it, scroll to the last image and apply the lung preset', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });

  await page.goto(app.url);
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, '01-empty-library.png') });

  await page.getByTestId('import-input').setInputFiles(CT_FILES);
  await expect(page.getByTestId('import-progress').first()).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, '02-import-running.png') });
  await expect(page.getByTestId('import-result')).toContainText(`${CT_FILES.length} imported`);

  await page.getByTestId('patient-row').first().click();
  await expect(page.getByTestId('study-row')).toHaveCount(1);
  await expect(page.getByTestId('series-row')).toHaveCount(1);
  await expect(page.getByTestId('series-row')).toContainText(`${CT_FILES.length} images`);
  await page.screenshot({ path: join(ARTIFACTS, '03-browser.png') });

  await page.getByTestId('series-row').click();
  const viewport = page.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-render-state', 'rendered');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: 1/${CT_FILES.length}`);

  // Scroll to the last image with the keyboard, one image at a time, as a reader would.
  await viewport.hover();
  for (let i = 1; i < CT_FILES.length; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: ${CT_FILES.length}/${CT_FILES.length}`);
  await expect(viewport).toHaveAttribute('data-render-state', 'rendered');

  await page.getByTestId('wl-preset-lung').click();
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('W: 1500 L: -600');
  await expect(viewport).toHaveAttribute('data-render-state', 'rendered');

  await expect(page.getByTestId('overlay-top-left')).toContainText('ID:');
  await expect(page.getByTestId('overlay-top-right')).toContainText('CT');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText('Loc:');
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('Zoom:');
  expect(await canvasSpread(page)).toBeGreaterThan(5);
  await page.screenshot({ path: join(ARTIFACTS, '04-viewer-lung.png') });

  const foreign = requests.filter((url) => !url.startsWith(app.origin) && !url.startsWith('data:') && !url.startsWith('blob:'));
  expect(foreign, 'requests to any host but the web host').toEqual([]);
  expect(consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
});
