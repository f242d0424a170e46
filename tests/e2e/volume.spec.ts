// The volume view (issue 10, item 5): a series switches between Stack and Volume from the toolbar; the
// volume shows the same slices at the same numbers with the same HU values, and a series whose slices do
// not form an exact volume (tilted gantry, uneven spacing) is refused with a sentence, never distorted.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { referenceDecode } from './referenceDecoder.ts';
import { SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const LIDC = join(SHARED_DATA, 'dicom', 'lidc-idri-0314-chest-ct');
const LIDC_SLICES = 275;
const GE = join(SHARED_DATA, 'dicom', 'dcm_qa_ct', 'GE');

interface Voxel { value: number; imageId: string; dataType: string }
interface Pixels { pixels: number[]; scaled: boolean; slope: number; intercept: number; columns: number }
interface Diagnostics {
  viewportImageIds(): string[];
  volumeVoxel(index: number, i: number, j: number): Voxel | null;
  shownImageId(): string | null;
  cachedVolumes(): Array<{ volumeId: string; bytes: number }>;
  decode(imageId: string): Promise<Pixels>;
}
type DiagnosticsWindow = { precisDiagnostics: Diagnostics };
const imageIdsIn = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as DiagnosticsWindow).precisDiagnostics.viewportImageIds());
const voxelAt = (page: Page, index: number): Promise<Voxel | null> =>
  page.evaluate((k) => (window as unknown as DiagnosticsWindow).precisDiagnostics.volumeVoxel(k, 256, 256), index);
const shownImageId = (page: Page): Promise<string | null> => page.evaluate(() => (window as unknown as DiagnosticsWindow).precisDiagnostics.shownImageId());
const cachedVolumes = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as DiagnosticsWindow).precisDiagnostics.cachedVolumes());
const decodeIn = (page: Page, id: string): Promise<Pixels> => page.evaluate((i) => (window as unknown as DiagnosticsWindow).precisDiagnostics.decode(i), id);

async function importFolder(app: RunningApp, folder: string): Promise<void> {
  const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: [folder] });
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 300_000, intervals: [500] }).toBe('done');
}

async function openFirstSeries(page: Page, app: RunningApp, images: number): Promise<void> {
  await page.goto(`${app.url}&diagnostics=1`);
  await page.waitForFunction(() => 'precisDiagnostics' in window);
  await page.getByTestId('patient-row').first().click();
  await page.getByTestId('series-row').first().click();
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
  await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: 1/${images}`);
}

/** Each file's SOP Instance UID, z position (mm, LPS) and transfer syntax, read here with dicom-parser. */
function filesBySop(folder: string): Map<string, { path: string; z: number; transferSyntax: string }> {
  const map = new Map<string, { path: string; z: number; transferSyntax: string }>();
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.dcm'))) {
    const path = join(folder, name);
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(path)), { untilTag: 'x7fe00010' });
    map.set(ds.string('x00080018') ?? '', { path, z: Number((ds.string('x00200032') ?? '').split('\\')[2]), transferSyntax: ds.string('x00020010') ?? '' });
  }
  return map;
}

const sopOf = (imageId: string): string => decodeURIComponent(imageId.split('/')[1] ?? '');

/** Renderer processes' resident memory (MB), for the report only. */
async function rendererRssMb(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
  await cdp.detach();
  return info.processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => {
    const status = (() => { try { return readFileSync(`/proc/${p.id}/status`, 'utf8'); } catch { return ''; } })();
    return sum + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }, 0);
}

// If this fails, a reader switching the chest CT to Volume would get no volume, slices out of order or
// at other numbers than in the stack, or values (HU) that differ from the images they came from.
test('the chest CT switches to a volume with the same slices and HU, scrolls, and switches back', async ({ page, browser }) => {
  test.setTimeout(600_000);
  const app = await startApp({ importRoots: [LIDC] });
  try {
    await importFolder(app, LIDC);
    await openFirstSeries(page, app, LIDC_SLICES);
    const stackIds = await imageIdsIn(page);
    const memoryBefore = await rendererRssMb(browser);
    const started = Date.now();
    await page.getByTestId('tool-volume').click();
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-viewport-kind', 'volume');
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered', { timeout: 300_000 });
    const firstRender = Date.now() - started;
    await expect(page.getByTestId('tool-volume')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: 1/${LIDC_SLICES}`);
    console.log(`volume: first rendered ${firstRender} ms after the click; renderer RSS ${Math.round(memoryBefore)} -> ${Math.round(await rendererRssMb(browser))} MB`);

    // Image n is the same instance in both views, and the slices follow each other along z, 1 mm apart (as the files say).
    const volumeIds = await imageIdsIn(page);
    expect(volumeIds).toEqual(stackIds);
    const files = filesBySop(LIDC);
    const zs = volumeIds.map((id) => files.get(sopOf(id))?.z ?? NaN);
    zs.slice(1).forEach((z, k) => expect(Math.abs(z - (zs[k] ?? 0))).toBeCloseTo(1, 3));

    for (const index of [0, 1, 137, 274]) {
      // The voxel at the centre (column 256, row 256) equals the stack path's decode of that slice's file
      // and DCMTK's stored value after the rescale.
      const voxel = await voxelAt(page, index);
      if (!voxel) throw new Error('the viewport shows no volume');
      expect(voxel.imageId).toBe(stackIds[index]);
      const file = files.get(sopOf(voxel.imageId));
      if (!file) throw new Error(`no file for ${voxel.imageId}`);
      const stack = await decodeIn(page, `wadouri:${app.origin}/dicom/${voxel.imageId.slice('precis:'.length).split('/').slice(0, 2).join('/')}`);
      const stored = stack.pixels[256 * stack.columns + 256] ?? NaN;
      expect(voxel.value, `slice ${index}`).toBe(stack.scaled ? stored : stored * stack.slope + stack.intercept);
      const reference = referenceDecode(file.path, file.transferSyntax);
      expect(voxel.value, `slice ${index} (DCMTK)`).toBe((reference.values[256 * reference.columns + 256] ?? NaN) * reference.slope + reference.intercept);
    }
    expect((await voxelAt(page, 0))?.dataType).toBe('Int16Array');

    // Scrolling moves the camera slice by slice, and Cornerstone3D shows the slice the overlay names.
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: 2/${LIDC_SLICES}`);
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
    expect(await shownImageId(page)).toBe(stackIds[1]);
    await page.getByTestId('viewport').hover();
    await page.mouse.wheel(0, 300);
    await expect(page.getByTestId('overlay-bottom-left')).not.toContainText(`Image: 2/${LIDC_SLICES}`);
    await page.keyboard.press('End');
    await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: ${LIDC_SLICES}/${LIDC_SLICES}`);
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
    expect(await shownImageId(page)).toBe(stackIds[LIDC_SLICES - 1]);
    await page.keyboard.press('2');
    await expect(page.getByTestId('overlay-bottom-right')).toContainText('W: 1500 L: -600');

    // Back to Stack: the stack shows its images again and the volume has left Cornerstone's cache.
    await page.getByTestId('tool-volume').click();
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-viewport-kind', 'stack');
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
    await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: 1/${LIDC_SLICES}`);
    expect(await cachedVolumes(page)).toEqual([]);
    console.log(`volume: renderer RSS after switching back ${Math.round(await rendererRssMb(browser))} MB`);
  } finally {
    await app.stop();
  }
});

// If this fails, the tilted GE CT with a slice missing would be shown as a volume squashed and sheared
// (notes: about 42 mm), with nothing telling the reader, or the refusal would leave no way back.
test('a tilted series with a missing slice is refused with its reasons and stays viewable as a stack', async ({ page }) => {
  const folder = mkdtempSync(join(tmpdir(), 'precis-ge-gap-'));
  // All 28 slices but the 7th: one gap of 8 mm among the 4 mm steps.
  for (const name of readdirSync(GE).filter((n) => n.endsWith('.dcm') && n !== '07.dcm')) copyFileSync(join(GE, name), join(folder, name));
  const app = await startApp({ importRoots: [folder] });
  try {
    await importFolder(app, folder);
    await openFirstSeries(page, app, 27);
    await page.getByTestId('tool-volume').click();
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'unsupported');
    await expect(page.getByTestId('viewport-message')).toHaveText(
      "This series cannot be shown as a volume: its slices are stacked at 18.5° to the image plane's normal (gantry tilt); slice spacing varies from 1.08 to 8 mm.",
    );
    expect(await cachedVolumes(page)).toEqual([]);
    await page.getByTestId('tool-volume').click();
    await expect(page.getByTestId('viewport')).toHaveAttribute('data-render-state', 'rendered');
    await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 1/27');
  } finally {
    await app.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
