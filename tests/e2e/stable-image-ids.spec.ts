// Stable image ids (issue 10, item 5): the viewer names an image `precis:<caseId>/<SOPInstanceUID>/<frame>`,
// never by a host or port, so what is saved against an image id (annotations, measurements) still finds
// its image after the app restarts on another port, and the viewer fetches from the page's own origin.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const CT_FOLDER = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'GE');
/** The GE CT series in that folder: 28 single-frame images. */
const CT_IMAGES = 28;

interface Pixels { rows: number; columns: number; pixels: number[] }
interface Diagnostics {
  viewportImageIds(): string[];
  cachedPixels(imageId: string): Pixels | null;
  decode(imageId: string): Promise<Pixels>;
}
type DiagnosticsWindow = { precisDiagnostics: Diagnostics };

const imageIdsIn = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as DiagnosticsWindow).precisDiagnostics.viewportImageIds());
const cachedPixelsIn = (page: Page, id: string): Promise<Pixels | null> =>
  page.evaluate((i) => (window as unknown as DiagnosticsWindow).precisDiagnostics.cachedPixels(i), id);
const decodeIn = (page: Page, id: string): Promise<Pixels> =>
  page.evaluate((i) => (window as unknown as DiagnosticsWindow).precisDiagnostics.decode(i), id);

async function importCt(app: RunningApp): Promise<void> {
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [CT_FOLDER] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 60_000 }).toBe('done');
}

/** Opens the one patient's series as a user does and hands back the viewport's image ids. */
async function openSeries(page: Page, app: RunningApp): Promise<string[]> {
  await page.goto(`${app.url}&diagnostics=1`);
  await page.waitForFunction(() => 'precisDiagnostics' in window);
  await page.getByTestId('patient-row').first().click();
  await page.getByTestId('series-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: 1/${CT_IMAGES}`);
  return imageIdsIn(page);
}

// If this fails, a reader's saved annotations would point at an address of a previous launch
// (`http://127.0.0.1:<old port>/...`) and open on nothing after a restart.
test('image ids name case, instance and frame, and survive a restart on another port', async ({ browser }) => {
  const first = await startApp({ importRoots: [CT_FOLDER] });
  let firstIds: string[] = [];
  try {
    await importCt(first);
    const page = await browser.newPage();
    firstIds = await openSeries(page, first);
    expect(firstIds).toHaveLength(CT_IMAGES);
    for (const id of firstIds) {
      expect(id).toMatch(/^precis:[^/:]+\/[0-9.]+\/1$/);
      expect(id).not.toContain('127.0.0.1');
      expect(id).not.toContain(String(first.session.port));
    }
    // What the viewer cached for the stable id is exactly what the wadouri loader decodes from the file's route.
    const [caseId, sop] = (firstIds[0] as string).slice('precis:'.length).split('/') as [string, string];
    const decoded = await decodeIn(page, `wadouri:${first.origin}/dicom/${caseId}/${sop}`);
    const cached = await cachedPixelsIn(page, firstIds[0] as string);
    expect(cached?.rows).toBe(512);
    expect(cached?.pixels).toEqual(decoded.pixels);
    await page.close();
  } finally {
    await first.stop({ keepDataDir: true });
  }

  const second = await startApp({ dataDir: first.dataDir });
  try {
    expect(second.session.port).not.toBe(first.session.port);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const secondIds = await openSeries(page, second);
    expect(secondIds).toEqual(firstIds);
    // The images came from the new launch's own origin, and nothing asked the old one.
    expect(requests.filter((u) => u.includes(`:${first.session.port}/`))).toEqual([]);
    expect(requests.filter((u) => u.startsWith(`${second.origin}/dicom/`)).length).toBeGreaterThan(0);
    const cached = await cachedPixelsIn(page, secondIds[0] as string);
    expect(cached?.pixels.length).toBe(512 * 512);
    await page.close();
  } finally {
    await second.stop();
  }
});

const TWO_FRAMES = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files', 'SC_rgb_rle_2frame.dcm');

// If this fails, a multi-frame instance shows only its first frame (or the wrong one) under a frame's id.
test('a multi-frame instance has one id per frame and each frame shows its own pixels', async ({ page }) => {
  const app = await startApp({ importRoots: [TWO_FRAMES] });
  try {
    const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [TWO_FRAMES] });
    await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state).toBe('done');
    await page.goto(`${app.url}&diagnostics=1`);
    await page.waitForFunction(() => 'precisDiagnostics' in window);
    await page.getByTestId('patient-row').first().click();
    await page.getByTestId('series-row').first().click();
    await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 1/2');
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
    const ids = await imageIdsIn(page);
    expect(ids.map((id) => id.split('/').pop())).toEqual(['1', '2']);
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 2/2');
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
    const [one, two] = [await cachedPixelsIn(page, ids[0] as string), await cachedPixelsIn(page, ids[1] as string)];
    // The file's two frames hold different pixels: the same pixels under both ids would mean one frame shown twice.
    expect(one?.pixels.length).toBe(two?.pixels.length);
    expect(one?.pixels).not.toEqual(two?.pixels);
  } finally {
    await app.stop();
  }
});
