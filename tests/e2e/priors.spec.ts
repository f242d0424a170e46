// Priors (issue 13, item 6): the chest CT beside a prior made from it here (a new study, series and Frame
// of Reference, every slice 30 mm higher in patient coordinates, dated a year earlier). Scrolling follows
// only once the reader has linked the two at the same anatomy; then each viewport drives the other to
// the slice 30 mm away, the window follows (switchable), and the link is kept in the case.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const LIDC = join(SHARED_DATA, 'dicom', 'lidc-idri-0314-chest-ct');
const SHIFT_MM = 30;

const uid = (): string => `2.25.${BigInt(`0x${crypto.randomUUID().replaceAll('-', '')}`).toString()}`;

/** Writes the prior into `folder` with dcmodify (dcmtk); returns each SOP Instance UID's z (mm) in both series. */
function makePrior(folder: string): Map<string, number> {
  const z = new Map<string, number>();
  const [study, series, frame] = [uid(), uid(), uid()];
  for (const name of readdirSync(LIDC).filter((n) => n.endsWith('.dcm'))) {
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(join(LIDC, name))), { untilTag: 'x7fe00010' });
    const [x, y, zz] = (ds.string('x00200032') ?? '').split('\\').map(Number) as [number, number, number];
    z.set(ds.string('x00080018') ?? '', zz);
    const sop = uid();
    const target = join(folder, name);
    copyFileSync(join(LIDC, name), target);
    const location = Number(ds.string('x00201041') ?? 0) + SHIFT_MM;
    execFileSync('dcmodify', ['-nb',
      '-m', `(0020,000d)=${study}`, '-m', `(0020,000e)=${series}`, '-m', `(0020,0052)=${frame}`, '-m', `(0008,0018)=${sop}`,
      '-m', '(0008,0020)=19990101', '-m', '(0020,0011)=9', '-m', `(0020,0032)=${x}\\${y}\\${zz + SHIFT_MM}`, '-m', `(0020,1041)=${location}`, target]);
    z.set(sop, zz + SHIFT_MM);
  }
  return z;
}

interface Diagnostics { viewportImageIds(viewportId: string): string[] }
const sopOf = (imageId: string): string => decodeURIComponent(imageId.split('/')[1] ?? '');
const MAIN = 'precis-stack';
const PRIOR = 'precis-stack-2';
const viewport = (page: Page, id: string) => page.locator(`[data-testid="viewport"][data-viewport-id="${id}"]`);

/** The z (mm) of the image a viewport shows, from its "Image n/N" and the image ids it shows. */
async function zShown(page: Page, id: string, z: Map<string, number>): Promise<number> {
  await expect(viewport(page, id)).toHaveAttribute('data-render-state', 'rendered');
  const text = (await viewport(page, id).getByTestId('overlay-bottom-left').textContent()) ?? '';
  const n = Number(/Image: (\d+)\//.exec(text)?.[1]);
  const ids = await page.evaluate((v) => (window as unknown as { precisDiagnostics: Diagnostics }).precisDiagnostics.viewportImageIds(v), id);
  return z.get(sopOf(ids[n - 1] ?? '')) ?? NaN;
}

async function openWithPrior(page: Page, app: RunningApp): Promise<void> {
  await page.goto(`${app.url}&diagnostics=1`);
  await page.getByTestId('patient-row').first().click();
  await expect(viewport(page, MAIN)).toHaveAttribute('data-render-state', 'rendered');
  await expect(viewport(page, MAIN).getByTestId('overlay-top-left')).toContainText('2000');
  await page.getByTestId('compare-prior').click();
  await expect(viewport(page, PRIOR)).toHaveAttribute('data-render-state', 'rendered');
  await expect(viewport(page, PRIOR).getByTestId('overlay-top-left')).toContainText('1999');
  await expect(viewport(page, PRIOR).getByTestId('overlay-top-right')).toContainText('Series 9');
}

async function press(page: Page, key: string, times: number): Promise<void> {
  for (let k = 0; k < times; k++) await page.keyboard.press(key);
}

// If this fails, a reader comparing with a prior scrolls two studies by hand, or worse, is shown a
// slice of the prior at the same image number but another anatomy.
test('a prior in another Frame of Reference follows the current study 30 mm away once linked, and the link is kept', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const priorDir = mkdtempSync(join(tmpdir(), 'precis-prior-'));
  const z = makePrior(priorDir);
  const first = await startApp({ importRoots: [LIDC, priorDir] });
  try {
    const { jobId } = await first.call<{ jobId: string }>('import.start', { paths: [LIDC, priorDir] });
    await expect.poll(async () => (await first.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 300_000, intervals: [500] }).toBe('done');
    await openWithPrior(page, first);

    // Not linked: scrolling the current study leaves the prior where it is, and says why.
    await viewport(page, MAIN).click();
    await press(page, 'ArrowDown', 5);
    await expect(viewport(page, MAIN).getByTestId('overlay-bottom-left')).toContainText('Image: 6/275');
    await expect(page.getByTestId('sync-note')).toContainText('Not linked');
    await expect(viewport(page, PRIOR).getByTestId('overlay-bottom-left')).toContainText('Image: 1/275');

    // Both at the same anatomy (image 1 of each: z and z + 30 mm), then link.
    await page.keyboard.press('Home');
    await expect(viewport(page, MAIN).getByTestId('overlay-bottom-left')).toContainText('Image: 1/275');
    expect((await zShown(page, PRIOR, z)) - (await zShown(page, MAIN, z))).toBeCloseTo(SHIFT_MM, 2);
    await page.getByTestId('link-viewports').click();
    await expect(page.getByTestId('sync-note')).toHaveCount(0);

    // The current study drives the prior, and the prior drives the current study: always 30 mm apart.
    await press(page, 'ArrowDown', 40);
    await expect(viewport(page, MAIN).getByTestId('overlay-bottom-left')).toContainText('Image: 41/275');
    await expect(viewport(page, PRIOR).getByTestId('overlay-bottom-left')).toContainText('Image: 41/275');
    expect((await zShown(page, PRIOR, z)) - (await zShown(page, MAIN, z))).toBeCloseTo(SHIFT_MM, 2);
    await viewport(page, PRIOR).click();
    await press(page, 'ArrowUp', 10);
    await expect(viewport(page, MAIN).getByTestId('overlay-bottom-left')).toContainText('Image: 31/275');
    expect((await zShown(page, PRIOR, z)) - (await zShown(page, MAIN, z))).toBeCloseTo(SHIFT_MM, 2);

    // The window follows, and stops following when switched off.
    await page.getByTestId('wl-preset-lung').click();
    await expect(viewport(page, MAIN).getByTestId('overlay-bottom-right')).toContainText('W: 1500 L: -600');
    await page.getByTestId('sync-window').click();
    await expect(page.getByTestId('sync-window')).toHaveAttribute('aria-pressed', 'false');
    await viewport(page, MAIN).click();
    await page.getByTestId('wl-preset-bone').click();
    await expect(viewport(page, MAIN).getByTestId('overlay-bottom-right')).toContainText('W: 1800 L: 400');
    await expect(viewport(page, PRIOR).getByTestId('overlay-bottom-right')).toContainText('W: 1500 L: -600');
    // Scrolling switched off: the prior stays.
    await page.getByTestId('sync-scroll').click();
    await press(page, 'ArrowDown', 3);
    await expect(viewport(page, MAIN).getByTestId('overlay-bottom-left')).toContainText('Image: 34/275');
    await expect(viewport(page, PRIOR).getByTestId('overlay-bottom-left')).toContainText('Image: 31/275');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, '31-prior-linked.png') });
    const links = await first.call<Array<{ offset: number[] }>>('frameLinks.list', { caseId: (await first.call<{ items: Array<{ caseId: string }> }>('patients.search', {})).items[0]?.caseId });
    expect(links).toHaveLength(2);
  } finally {
    await first.stop({ keepDataDir: true });
  }

  // After a restart the link is still there: no need to link again.
  const second = await startApp({ dataDir: first.dataDir });
  try {
    const again = await browser.newPage();
    await openWithPrior(again, second);
    await viewport(again, MAIN).click();
    await press(again, 'ArrowDown', 20);
    await expect(viewport(again, PRIOR).getByTestId('overlay-bottom-left')).toContainText('Image: 21/275');
    expect((await zShown(again, PRIOR, z)) - (await zShown(again, MAIN, z))).toBeCloseTo(SHIFT_MM, 2);
    await again.close();
  } finally {
    await second.stop();
    rmSync(priorDir, { recursive: true, force: true });
  }
});
