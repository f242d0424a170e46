// The side panel's tabs come from the panel registry (renderer/src/panels/registry.ts): every registered
// panel is a tab, in registry order, and a mouse or keyboard user reaches each one's body.
import { expect, test } from '@playwright/test';
import { startApp, type RunningApp } from './webHost.ts';

/** The registry's ids in order, as the side panel must show them. */
const PANELS = [
  { id: 'measurements', title: 'Measurements', empty: 'No measurements yet.' },
  { id: 'findings', title: 'Findings', empty: 'No findings yet.' },
  { id: 'ai', title: 'AI', empty: 'No models imported.' },
  { id: 'genomics', title: 'Genomics', empty: 'No genomic data yet.' },
];

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp();
});
test.afterAll(async () => app?.stop());

test.describe.configure({ mode: 'serial' });

test('every registered panel is a tab, in registry order, and clicking one shows its body', async ({ page }) => {
  await page.goto(app.url);
  const panel = page.getByTestId('side-panel');
  // Failing: the tabs would be labels that do nothing, or missing/misordered against the registry.
  await expect(panel.getByRole('tab')).toHaveText(PANELS.map((p) => p.title));
  await expect(panel.getByRole('tab', { selected: true })).toHaveText('Measurements');
  for (const { id, empty } of PANELS) {
    await page.getByTestId(`panel-tab-${id}`).click();
    await expect(page.getByTestId(`panel-tab-${id}`)).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByRole('tabpanel')).toHaveAttribute('data-testid', `panel-${id}`);
    await expect(page.getByTestId(`panel-${id}`)).toContainText(empty);
  }
});

test('arrow keys, Home and End move between tabs and show the tab reached', async ({ page }) => {
  await page.goto(app.url);
  const panel = page.getByTestId('side-panel');
  await page.getByTestId('panel-tab-measurements').focus();
  // Failing: a keyboard user could not reach the AI or Genomics panels (UI.md: every action by keyboard).
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('panel-tab-findings')).toBeFocused();
  await expect(page.getByTestId('panel-findings')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('panel-tab-ai')).toBeFocused();
  await expect(page.getByTestId('panel-ai')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('panel-genomics')).toBeVisible();
  await page.keyboard.press('ArrowRight'); // wraps to the first
  await expect(page.getByTestId('panel-tab-measurements')).toBeFocused();
  await expect(page.getByTestId('panel-measurements')).toBeVisible();
  await page.keyboard.press('ArrowLeft'); // wraps to the last
  await expect(page.getByTestId('panel-genomics')).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('panel-measurements')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('panel-tab-genomics')).toHaveAttribute('aria-selected', 'true');
  // Only the selected tab is in the Tab order (roving tabindex), and only one body is shown.
  await expect(panel.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await expect(panel.getByRole('tabpanel')).toHaveCount(1);
});
