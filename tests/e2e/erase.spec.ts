// Erasing a patient from the UI: the dialog refuses a mistyped Patient ID, erases on the right one, and
// the patient leaves the list while the other stays. Export DICOM says where the files went. Two real
// files (CT_small, MR_small) imported with `precis import` into the data directory the app starts on.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const FILES = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files');

let app: RunningApp;

test.beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'precis-e2e-'));
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'precis.mjs'), 'import', join(FILES, 'CT_small.dcm'), join(FILES, 'MR_small.dcm'), '--data-dir', dataDir], {
    env: { ...process.env, PRECIS_PASSPHRASE: 'e2e passphrase', PRECIS_NO_PROMPT: '1' },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  app = await startApp({ dataDir });
});
test.afterAll(async () => app?.stop());

test('Export DICOM writes the files under exports/ and says where', async ({ page }) => {
  await page.goto(app.url);
  await page.getByTestId('patient-row').filter({ hasText: '4MR1' }).click();
  await page.getByTestId('export-dicom-button').click();
  // Failing: the user exports and cannot find the files, or nothing was written.
  const note = page.getByTestId('case-note');
  await expect(note).toContainText(/Exported 1 DICOM files to .*exports/);
  const folder = ((await note.textContent()) ?? '').replace(/^.* to /, '');
  expect(existsSync(folder)).toBe(true);
  expect(readdirSync(folder, { recursive: true }).filter((n) => String(n).endsWith('.dcm'))).toHaveLength(1);
});

test('erasing refuses a wrong Patient ID, then erases on the right one and the patient leaves the list', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('patient-row')).toHaveCount(2);
  await page.getByTestId('patient-row').filter({ hasText: '1CT1' }).click();
  await page.getByTestId('erase-patient-button').click();
  const dialog = page.getByTestId('erase-dialog');
  await expect(dialog).toBeVisible();
  // Failing: a mistyped (or another patient's) ID erases this patient.
  await page.getByTestId('erase-confirm-input').fill('4MR1');
  await page.getByTestId('erase-confirm-button').click();
  await expect(page.getByTestId('erase-error')).toContainText('does not match this patient');
  await expect(page.getByTestId('patient-row')).toHaveCount(2);
  // Failing: the right ID does not erase, or the erased patient is still listed.
  await page.getByTestId('erase-confirm-input').fill('1CT1');
  await page.getByTestId('erase-confirm-button').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await expect(page.getByTestId('patient-row')).toContainText('4MR1');
  await expect(page.getByTestId('patient-banner')).toHaveCount(0);
});
