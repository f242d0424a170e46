// Acceptance for issue 11, finding 3: Precis open in Chromium, and in the same browser a page from
// another port of 127.0.0.1 (it shares the browser's cookies for 127.0.0.1) tries to read the
// session and patient data and to import, export and erase. Nothing may happen and it may learn nothing.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAttacker, type AttackerServer } from './forgedRequestsPage.ts';
import { REPO_ROOT, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const CT_SMALL = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files', 'CT_small.dcm');
const PATIENT_NAME = 'CompressedSamples';
const GE_CT = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'GE'); // allowed, not imported: a forged import would add a patient

let app: RunningApp;
let attacker: AttackerServer | null = null;
test.beforeAll(async () => {
  app = await startApp({ importRoots: [CT_SMALL, GE_CT] });
});
test.afterAll(async () => {
  await attacker?.close();
  await app?.stop();
});

/** Audit rows in the library's chain and every case file's, counted by the CLI as an independent reader. */
function auditRowCount(dataDir: string): number {
  const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'precis.mjs'), 'audit', 'verify', '--json', '--data-dir', dataDir], {
    env: { ...process.env, PRECIS_PASSPHRASE: 'e2e passphrase', PRECIS_NO_PROMPT: '1' },
    encoding: 'utf8',
  });
  const { chains } = JSON.parse(cli.stdout) as { chains: { checked: number }[] };
  return chains.reduce((sum, chain) => sum + chain.checked, 0);
}

async function importAndFindImage(): Promise<string> {
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [CT_SMALL] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state).toBe('done');
  const found = await app.call<unknown>('patients.search', { query: '' });
  const [patient] = (Array.isArray(found) ? found : (found as { items: unknown[] }).items) as { caseId: string }[];
  const [study] = await app.call<{ StudyInstanceUID: string }[]>('studies.list', { caseId: patient!.caseId });
  const [series] = await app.call<{ SeriesInstanceUID: string }[]>('series.list', { caseId: patient!.caseId, StudyInstanceUID: study!.StudyInstanceUID });
  const [instance] = await app.call<Array<{ caseId: string; SOPInstanceUID: string }>>('series.instances', { caseId: patient!.caseId, SeriesInstanceUID: series!.SeriesInstanceUID });
  return `/dicom/${encodeURIComponent(instance!.caseId)}/${encodeURIComponent(instance!.SOPInstanceUID)}`;
}

test('a page on another loopback port neither learns the session nor causes any effect', async ({ page, context }) => {
  // A user would notice: a web page in another tab of the same browser importing folders into their
  // library, exporting or erasing patients, or reading patient names and images.
  const dicomPath = await importAndFindImage();
  await page.goto(app.url);
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  const session = await page.evaluate(() => sessionStorage.getItem('precis-session'));
  expect(session).toBeTruthy();
  expect(page.url()).not.toContain(session!); // the fragment is gone from the address
  const cookie = (await context.cookies(app.origin)).find((c) => c.name.startsWith('precis_session_'));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  const auditBefore = auditRowCount(app.dataDir);

  attacker = await startAttacker(app.origin, dicomPath, GE_CT);
  const evil = await context.newPage();
  await evil.goto(attacker.origin);
  await expect.poll(() => attacker!.report(), { timeout: 60_000 }).not.toBeNull();
  const learned = JSON.stringify(attacker.report());

  // Everything it tried was refused or unreadable.
  const notes = attacker.report() as { what: string; value: string }[];
  const value = (what: string): string => notes.find((n) => n.what === what)?.value ?? 'missing';
  expect(value('document.cookie')).toBe('');
  expect(value('root (cors)')).toBe('refused: TypeError');
  expect(value('library.status (cors)')).toBe('refused: TypeError');
  // A no-cors read gets an opaque answer, or none at all (Cross-Origin-Resource-Policy: same-origin).
  expect(value('root (no-cors)')).toMatch(/^(opaque 0 |refused: TypeError)$/);
  expect(value('forged import.start')).toMatch(/^(opaque 0 |refused: TypeError)$/);
  expect(value('img')).toBe('error');
  expect(value('events')).toMatch(/^error/);
  // It learned no secret and no patient data.
  expect(learned).not.toContain(session!);
  expect(learned).not.toContain(cookie!.value);
  expect(learned).not.toContain(PATIENT_NAME);
  // The header secret never reached the attacker's server; the cookie (sent to every port of
  // 127.0.0.1 by the browser) did, and alone it opens no API call.
  expect(JSON.stringify(attacker.requests)).not.toContain(session!);
  const replay = await fetch(`${app.origin}/api/library.status`, {
    method: 'POST',
    headers: { cookie: `${cookie!.name}=${cookie!.value}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(replay.status).toBe(403);
  // Nor does it open an image: images are served to the session header only.
  const image = await fetch(`${app.origin}${dicomPath}`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
  expect(image.status).toBe(403);

  // Nothing happened: one patient, no import run, no audit row, and the app still works for its user.
  expect((await app.call<{ patientCount: number }>('library.status', {})).patientCount).toBe(1);
  expect(auditRowCount(app.dataDir)).toBe(auditBefore);
  await page.reload();
  await expect(page.getByTestId('patient-row')).toHaveCount(1);
  await expect(page.getByTestId('patient-row')).toContainText(PATIENT_NAME);
});

test('the launch URL works once: a second browser opening it gets no session', async ({ browser }) => {
  // A user would notice: anyone who read Chromium's command line (in /proc) opening their library.
  const url = app.url;
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const one = await first.newPage();
    // The app lists the library with its session (whatever the library holds in this worker).
    const listed = one.waitForResponse((r) => r.url().endsWith('/api/patients.search'));
    await one.goto(url);
    expect((await listed).status()).toBe(200);
    const two = await second.newPage();
    const response = await two.goto(url);
    expect(response?.status()).toBe(401);
    expect(await second.cookies()).toEqual([]);
  } finally {
    await first.close();
    await second.close();
  }
});
