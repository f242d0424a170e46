// The viewer's controls as a radiologist uses them: wheel and slider scrolling, window/level by
// dragging, zoom, cine, invert and reset, the shortcut sheet, and a large reading-room screen.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, startApp, type RunningApp } from './webHost.ts';

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp();
  mkdirSync(ARTIFACTS, { recursive: true });
});
test.afterAll(async () => app?.stop());

async function openDemo(page: Page): Promise<void> {
  await page.goto(app.url);
  const demo = page.getByTestId('load-demo');
  // The first test finds the library empty, the later ones find the demo patient: wait until the list
  // says which (isVisible alone does not wait, and under load the list is not there yet).
  await expect(demo.or(page.getByTestId('patient-row').first())).toBeVisible();
  if (await demo.isVisible()) await demo.click();
  await page.getByTestId('patient-row').first().click();
  await page.getByTestId('series-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
}

const imageNumber = async (page: Page): Promise<number> =>
  Number(/Image: (\d+)\//.exec((await page.getByTestId('overlay-bottom-left').textContent()) ?? '')?.[1]);

test('wheel and slider scroll through the images', async ({ page }) => {
  await openDemo(page);
  await page.getByTestId('viewport').hover();
  await page.mouse.wheel(0, 300);
  await expect.poll(() => imageNumber(page)).toBeGreaterThan(1);
  await page.getByTestId('slice-slider').fill('31');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 32/64');
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
});

test('left drag changes window/level; zoom, invert, reset and cine work from buttons and keys', async ({ page }) => {
  await openDemo(page);
  const box = await page.getByTestId('viewport').boundingBox();
  if (!box) throw new Error('no viewport');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('overlay-bottom-right')).not.toContainText('W: 400 L: 40');

  await page.getByTestId('tool-zoom-in').click();
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('Zoom: 1.25x');
  await page.getByTestId('tool-invert').click();
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('Inverted');
  await page.keyboard.press('r');
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('W: 400 L: 40');
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('Zoom: 1.00x');
  await expect(page.getByTestId('overlay-bottom-right')).not.toContainText('Inverted');

  const before = await imageNumber(page);
  await page.keyboard.press(' ');
  await expect.poll(() => imageNumber(page), { timeout: 20_000 }).not.toBe(before);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('tool-cine')).toHaveText('Cine');
});

test('the shortcut sheet opens with ? and the overlays toggle with O', async ({ page }) => {
  await openDemo(page);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('W/L presets');
  await page.keyboard.press('?');
  await page.keyboard.press('o');
  await expect(page.getByTestId('overlay-top-left')).toHaveCount(0);
  await page.keyboard.press('o');
  await expect(page.getByTestId('overlay-top-left')).toBeVisible();
});

test('at 2560x1440 nothing overflows horizontally', async ({ page }) => {
  await page.setViewportSize({ width: 2560, height: 1440 });
  await openDemo(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await page.screenshot({ path: join(ARTIFACTS, '08-viewer-2560x1440.png') });
});
