// The viewer's command registry (issue 10, item 5) drives the toolbar, the `?` sheet and the View menu:
// every command is listed with its keys wherever it can be run, and a key and its menu item do the same.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const CT_FOLDER = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'GE');

interface Command { id: string; label: string; keys: string[]; keyLabel: string; testId: string | null }

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp({ importRoots: [CT_FOLDER] });
  mkdirSync(ARTIFACTS, { recursive: true });
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [CT_FOLDER] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 60_000 }).toBe('done');
});
test.afterAll(async () => app?.stop());

async function openCt(page: Page): Promise<Command[]> {
  await page.goto(`${app.url}&diagnostics=1`);
  await page.waitForFunction(() => 'precisDiagnostics' in window);
  await page.getByTestId('patient-row').first().click();
  await page.getByTestId('series-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  return page.evaluate(() => (window as unknown as { precisDiagnostics: { commands(): Command[] } }).precisDiagnostics.commands());
}

// If this fails, a shortcut exists that the sheet or the menu does not tell the reader about (or names wrongly),
// or a toolbar button's tooltip names no key.
test('every command with keys is in the shortcut sheet, the View menu and its button tooltip', async ({ page }) => {
  const commands = await openCt(page);
  // Every key the viewer has always had (UI.md) belongs to a command.
  const keys = commands.flatMap((c) => c.keys);
  for (const key of ['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown', '1', '2', '3', '4', '5', 'r', 'i', ' ', 'o', '?']) {
    expect(keys, key).toContain(key);
  }
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await page.getByTestId('view-menu').click();
  for (const c of commands.filter((x) => x.keys.length > 0)) {
    await expect(sheet.locator(`[data-command="${c.id}"]`)).toContainText(c.keyLabel);
    await expect(sheet.locator(`[data-command="${c.id}"]`)).toContainText(c.label);
    await expect(page.getByTestId(`menu-${c.id}`)).toContainText(c.label);
    await expect(page.getByTestId(`menu-${c.id}`)).toContainText(c.keyLabel);
    if (c.testId) await expect(page.getByTestId(c.testId)).toHaveAttribute('title', `${c.label} (${c.keyLabel})`);
  }
  await page.screenshot({ path: join(ARTIFACTS, '09-view-menu-and-shortcuts.png') });
});

/** What the reader sees of the viewer's state: image n/N, W/L, zoom, inversion, overlays shown, render
 *  state, and which tool the toolbar shows as the left button's. */
async function snapshot(page: Page): Promise<string> {
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  const tool = await page.locator('[data-command^="tool."][aria-pressed="true"]').getAttribute('data-command');
  const overlays = await page.getByTestId('overlay-bottom-left').count();
  if (overlays === 0) return `no overlays | ${tool}`;
  return `${await page.getByTestId('overlay-bottom-left').textContent()} | ${await page.getByTestId('overlay-bottom-right').textContent()} | ${tool}`;
}

/** The same starting point for each run: second image, header window, zoom 1, overlays on, focus on the page. */
async function baseline(page: Page): Promise<string> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  if ((await page.getByTestId('overlay-bottom-left').count()) === 0) await page.keyboard.press('o');
  await page.keyboard.press('w');
  await page.keyboard.press('r');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 2/');
  await expect(page.getByTestId('overlay-bottom-right')).toContainText('Zoom: 1.00x');
  return snapshot(page);
}

// If this fails, a shortcut and the menu item of the same name do different things (or one does nothing).
test('a command\'s key and its menu item have the same effect', async ({ page }) => {
  const commands = await openCt(page);
  // Cine runs on a timer, the series commands need a second series, the sheet is checked above, undo
  // and redo need a measurement (measurements.spec.ts), a key image mark stays in the case (key-images.spec.ts).
  const deterministic = commands.filter((c) => c.keys.length > 0 && !['cine', 'shortcuts', 'series.next', 'series.previous', 'edit.undo', 'edit.redo', 'keyImage.toggle'].includes(c.id));
  expect(deterministic.length).toBeGreaterThanOrEqual(14);
  for (const c of deterministic) {
    const before = await baseline(page);
    await page.keyboard.press(c.keys[0] as string);
    // Reset, window/level and delete (nothing selected) from the baseline change nothing; every other
    // command changes what the reader sees.
    if (!['reset', 'tool.WindowLevel', 'annotation.delete'].includes(c.id)) await expect.poll(() => snapshot(page), { message: c.id }).not.toBe(before);
    const byKey = await snapshot(page);
    expect(await baseline(page)).toBe(before);
    await page.getByTestId('view-menu').click();
    await page.getByTestId(`menu-${c.id}`).click();
    await expect.poll(() => snapshot(page), { message: c.id }).toBe(byKey);
  }
});

// If this fails, the toolbar's Cine button and the Space key would disagree about whether cine is playing.
test('cine and the shortcut sheet toggle the same way from a key, the menu and the toolbar', async ({ page }) => {
  await openCt(page);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('tool-cine')).toHaveText('Stop');
  await page.getByTestId('view-menu').click();
  await page.getByTestId('menu-cine').click();
  await expect(page.getByTestId('tool-cine')).toHaveText('Cine');
  await page.getByTestId('view-menu').click();
  await page.getByTestId('menu-shortcuts').click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.getByTestId('tool-shortcuts').click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});
