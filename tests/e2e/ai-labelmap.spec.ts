// The lung model's mask over the chest CT (issue 14, item 4): after a run of ct-lung-emphysema on the
// LIDC-IDRI-0314 CT (by `precis analyze` on the data directory, the same service the AI tab's job calls),
// opening the CT lays the run's labels over the stack as a Cornerstone3D labelmap in the manifest's
// colours: a pixel well inside the right lung on a mid slice shows the right lung's colour on the canvas
// at full opacity, and the toggle hides it (the CT's grey again); the same on the axial MPR plane.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import dicomParser from 'dicom-parser';
import type { RunMask } from '../../preload/api.ts';
import { ARTIFACTS, REPO_ROOT, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const CT_FOLDER = join(SHARED_DATA, 'dicom', 'lidc-idri-0314-chest-ct');
const MODEL_DIR = join(REPO_ROOT, 'models', 'ct-lung-emphysema');
const RIGHT_LUNG = { value: 1, color: [128, 174, 128] };
const FIRST_FILE = join(CT_FOLDER, readdirSync(CT_FOLDER).filter((f) => f.endsWith('.dcm')).sort()[0] ?? '');
const SERIES = dicomParser.parseDicom(new Uint8Array(readFileSync(FIRST_FILE)), { untilTag: 'x7fe00010' }).string('x0020000e') ?? '';

function precis(args: string[], dataDir: string, okCodes: readonly number[] = [0]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, PRECIS_PASSPHRASE: 'e2e passphrase', PRECIS_NO_PROMPT: '1', PRECIS_KEY_FILE: join(tmpdir(), 'precis-tests-never-used.key') };
  delete env.PRECIS_DATA_DIR;
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'precis.mjs'), ...args, '--data-dir', dataDir], { env, encoding: 'utf8' });
  if (!okCodes.includes(run.status ?? -1)) throw new Error(`precis ${args[0]} failed: ${run.stderr}`);
  return run.stdout;
}

/** A right-lung voxel of slice k whose 9 x 9 neighbourhood is all right lung (no edge blending), nearest the lung's centre there. */
function interiorVoxel(bytes: Uint8Array, mask: RunMask, k: number): { column: number; row: number } {
  const [columns, rows] = mask.geometry.dims;
  const at = (c: number, r: number): number => bytes[k * columns * rows + r * columns + c] ?? 0;
  let sc = 0, sr = 0, n = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) if (at(c, r) === RIGHT_LUNG.value) { sc += c; sr += r; n++; }
  expect(n).toBeGreaterThan(1000);
  let best: { column: number; row: number; d: number } | null = null;
  for (let r = 4; r < rows - 4; r++) for (let c = 4; c < columns - 4; c++) {
    let inside = true;
    for (let dr = -4; dr <= 4 && inside; dr++) for (let dc = -4; dc <= 4 && inside; dc++) inside = at(c + dc, r + dr) === RIGHT_LUNG.value;
    const d = (c - sc / n) ** 2 + (r - sr / n) ** 2;
    if (inside && (!best || d < best.d)) best = { column: c, row: r, d };
  }
  if (!best) throw new Error('no interior right-lung voxel on the mid slice');
  return best;
}

const colourAt = (page: Page, column: number, row: number): Promise<number[] | null> =>
  page.evaluate(([c, r]) => (window as unknown as { precisDiagnostics: { canvasColourAt(v: string, c: number, r: number): number[] | null } }).precisDiagnostics.canvasColourAt('precis-stack', c as number, r as number), [column, row] as const);

const near = (colour: number[] | null, expected: number[], tolerance: number): boolean => !!colour && expected.every((v, i) => Math.abs((colour[i] ?? -999) - v) <= tolerance);

let dataDir = '';
let run: { runId: string; caseId: string };

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(join(tmpdir(), 'precis-e2e-'));
  // The folder holds two files that are not images (the import lists them and exits non-zero): the 275 slices go in.
  expect((JSON.parse(precis(['import', CT_FOLDER, '--json'], dataDir, [0, 1, 2, 3])) as { imported: number }).imported).toBe(275);
  precis(['models', 'import', MODEL_DIR], dataDir);
  run = JSON.parse(precis(['analyze', '--series', SERIES, '--model', 'ct-lung-emphysema', '--json'], dataDir).trim()) as { runId: string; caseId: string };
});

test.afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function maskOf(app: RunningApp): Promise<{ mask: RunMask; bytes: Uint8Array }> {
  const headers = { 'x-precis-session': app.session.session };
  const base = `${app.origin}/masks/${encodeURIComponent(run.caseId)}/${run.runId}`;
  const mask = (await (await fetch(`${base}/header`, { headers })).json()) as RunMask;
  return { mask, bytes: new Uint8Array(await (await fetch(base, { headers })).arrayBuffer()) };
}

test('a run of the lung model shows its labels over the CT in the manifest colours; the toggle hides them', async ({ page }) => {
  // Failing: a radiologist cannot see which voxels the model called lung (so cannot judge its volumes), sees them in the wrong place or colour, or cannot hide them to read the image underneath.
  test.setTimeout(300_000);
  const app = await startApp({ dataDir });
  try {
    const { mask, bytes } = await maskOf(app);
    const k = Math.floor(mask.geometry.dims[2] / 2);
    const { column, row } = interiorVoxel(bytes, mask, k);

    await page.goto(`${app.url}&diagnostics=1`);
    await page.waitForFunction(() => 'precisDiagnostics' in window);
    await page.getByTestId('patient-row').first().click();
    const viewport = page.locator('[data-testid="viewport"][data-viewport-id="precis-stack"]');
    await expect(viewport).toHaveAttribute('data-render-state', 'rendered');
    await expect(page.getByTestId('labelmap-controls')).toHaveAttribute('data-labelmap-state', 'shown', { timeout: 60_000 });
    // The mid slice of the mask's grid, wherever it falls in the stack's order.
    const sop = mask.geometry.SOPInstanceUIDs[k] ?? '';
    const ids = await page.evaluate(() => (window as unknown as { precisDiagnostics: { viewportImageIds(v: string): string[] } }).precisDiagnostics.viewportImageIds('precis-stack'));
    const index = ids.findIndex((id) => id.includes(`/${encodeURIComponent(sop)}/`));
    expect(index).toBeGreaterThanOrEqual(0);
    await page.getByTestId('slice-slider').fill(String(index));
    await expect(page.getByTestId('overlay-bottom-left')).toContainText(`Image: ${index + 1}/`);
    await expect(viewport).toHaveAttribute('data-render-state', 'rendered');
    await page.getByTestId('labelmap-opacity').fill('100');
    await expect.poll(async () => near(await colourAt(page, column, row), RIGHT_LUNG.color, 6), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('labelmap-toggle').click();
    await expect(page.getByTestId('labelmap-controls')).toHaveAttribute('data-labelmap-visible', 'false');
    // Hidden: the CT's own grey (R = G = B), not the lung colour.
    await expect.poll(async () => { const c = await colourAt(page, column, row); return !!c && c[0] === c[1] && c[1] === c[2]; }, { timeout: 20_000 }).toBe(true);
    await page.getByTestId('labelmap-toggle').click();
    await expect.poll(async () => near(await colourAt(page, column, row), RIGHT_LUNG.color, 6), { timeout: 20_000 }).toBe(true);
    // Half opacity: the anatomy shows through the colour (the slider's value reaches the fill).
    await page.getByTestId('labelmap-opacity').fill('50');
    await expect.poll(async () => { const c = await colourAt(page, column, row); return !!c && !near(c, RIGHT_LUNG.color, 6) && (c[1] ?? 0) > (c[0] ?? 0) + 10; }, { timeout: 20_000 }).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'ai-labelmap-over-ct.png') });
  } finally {
    await app.stop({ keepDataDir: true });
  }
});

const colourAtWorld = (page: Page, viewportId: string, world: number[]): Promise<number[] | null> =>
  page.evaluate(([v, w]) => (window as unknown as { precisDiagnostics: { canvasColourAtWorld(v: string, w: number[]): number[] | null } }).precisDiagnostics.canvasColourAtWorld(v as string, w as number[]), [viewportId, world] as const);

test('the same labels lie over the axial MPR plane, in the same colour, and hide with its toggle', async ({ page }) => {
  // Failing: in MPR the radiologist sees no mask, or a mask shifted or flipped against the anatomy it outlines.
  test.setTimeout(300_000);
  const app = await startApp({ dataDir });
  try {
    const { mask, bytes } = await maskOf(app);
    await page.goto(`${app.url}&diagnostics=1`);
    await page.waitForFunction(() => 'precisDiagnostics' in window);
    await page.getByTestId('patient-row').first().click();
    await expect(page.getByTestId('viewport').first()).toHaveAttribute('data-render-state', 'rendered');
    await page.getByTestId('layout-mpr').click();
    const axial = page.locator('[data-testid="viewport"][data-mpr-orientation="axial"]');
    await expect(axial).toHaveAttribute('data-render-state', 'rendered', { timeout: 240_000 });
    await expect(axial.getByTestId('labelmap-controls')).toHaveAttribute('data-labelmap-state', 'shown', { timeout: 60_000 });
    // The mask slice the plane shows: the camera's focal point along the grid's slice direction.
    const camera = await page.evaluate(() => (window as unknown as { precisDiagnostics: { mprCamera(v: string): { focalPoint: number[] } | null } }).precisDiagnostics.mprCamera('precis-mpr-axial'));
    const { origin, direction, spacing } = mask.geometry;
    const along = (axis: 0 | 1 | 2, p: number[]): number => p.reduce((sum, v, i) => sum + (v - (origin[i] ?? 0)) * (direction[axis][i] ?? 0), 0);
    const k = Math.round(along(2, camera?.focalPoint ?? []) / spacing[2]);
    const { column, row } = interiorVoxel(bytes, mask, k);
    const world = [0, 1, 2].map((i) => origin[i]! + direction[0][i]! * column * spacing[0] + direction[1][i]! * row * spacing[1] + direction[2][i]! * k * spacing[2]);
    await axial.getByTestId('labelmap-opacity').fill('100');
    await expect.poll(async () => near(await colourAtWorld(page, 'precis-mpr-axial', world), RIGHT_LUNG.color, 6), { timeout: 30_000 }).toBe(true);
    await axial.getByTestId('labelmap-toggle').click();
    await expect.poll(async () => { const c = await colourAtWorld(page, 'precis-mpr-axial', world); return !!c && c[0] === c[1] && c[1] === c[2]; }, { timeout: 20_000 }).toBe(true);
    await axial.getByTestId('labelmap-toggle').click();
    await axial.getByTestId('labelmap-opacity').fill('50');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'ai-labelmap-mpr.png') });
  } finally {
    await app.stop({ keepDataDir: true });
  }
});
