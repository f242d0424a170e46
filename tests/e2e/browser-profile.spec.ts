// The browser profile that `npm start` gives Chromium keeps no patient data: the app's answers are
// no-store, the disk cache is off, and nothing the page shows (names, IDs) is written to the profile.
// Chromium is launched here with exactly the flags of main/web/browserLaunch.ts (chromiumArgs), on a
// profile folder of its own, and after a patient was imported, opened and viewed, `grep -a -r` over
// that folder finds none of the patient's identifiers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs } from '../../main/web/browserLaunch.ts';
import { SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const CT_SMALL = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files', 'CT_small.dcm');
// CT_small's Patient's Name (its family name part) and Patient ID, as its file holds them. Shorter
// needles (the name's "CT1") would turn up by chance in the profile's binary files.
const NEEDLES = ['CompressedSamples', '1CT1'];

function grep(folder: string): string[] {
  const run = spawnSync('grep', ['-a', '-r', '-l', '-F', ...NEEDLES.flatMap((n) => ['-e', n]), folder], { encoding: 'utf8' });
  if (run.status === 2) throw new Error(`grep failed: ${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

let app: RunningApp;
let profile: string;

test.beforeAll(async () => {
  app = await startApp();
  profile = mkdtempSync(join(tmpdir(), 'precis-profile-'));
});
test.afterAll(async () => {
  await app?.stop();
  rmSync(profile, { recursive: true, force: true });
});

test("npm start's Chromium profile holds no patient name or ID after viewing a patient", async () => {
  test.setTimeout(180_000);
  expect(grep(SHARED_DATA.concat('/dicom/pydicom-2.3.1/test_files/CT_small.dcm')).length).toBe(1); // the control: grep sees them in clear
  const url = app.url;
  // The flags npm start uses, minus the window mode and profile (given to Playwright itself).
  const flags = chromiumArgs(url, profile, true).filter((a) => !a.startsWith('--app=') && !a.startsWith('--user-data-dir='));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PRECIS_CHROMIUM ?? '/usr/bin/chromium',
    args: [...flags, '--enable-unsafe-swiftshader'],
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.getByTestId('import-input').setInputFiles([CT_SMALL]);
  await expect(page.getByTestId('import-result')).toContainText('1 imported');
  await page.getByTestId('patient-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  await expect(page.getByTestId('patient-banner')).toContainText('CompressedSamples');
  await context.close();
  // Failing: the patient's name or ID sits in the browser's cache, history or storage on disk.
  expect(grep(profile)).toEqual([]);
});
