// A radiologist corrects the lung model's mask (issue 14, item 5): on the demo phantom CT with a run of
// ct-lung-emphysema (started through the API, ~7 s), they paint right lung with the brush over the
// mediastinum and erase part of the right lung with the eraser, write a note and save. The AI tab then shows
// the lung volume recomputed by main beside the model's, and it differs from the model's by exactly the
// changed lung voxels (counted here from the masks main serves before and after) times the voxel volume.
// After a reload the edit, its note and a note given with an acceptance are still shown.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { JobStatus, RunMask } from '../../preload/api.ts';
import { ARTIFACTS, REPO_ROOT, startApp, type RunningApp } from './webHost.ts';

const MODEL_DIR = join(REPO_ROOT, 'models', 'ct-lung-emphysema');

/** The number of a biomarker line such as "lung volume: 2,887.3 mL". */
const numberIn = (text: string): number => Number(/: ([\d,.]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? 'NaN');

async function waitJob(app: RunningApp, jobId: string): Promise<JobStatus> {
  for (;;) {
    const status = await app.call<JobStatus>('jobs.get', { jobId });
    if (status.state !== 'running' && status.state !== 'queued') return status;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function maskOf(app: RunningApp, caseId: string, runId: string): Promise<{ mask: RunMask; bytes: Uint8Array }> {
  const headers = { 'x-precis-session': app.session.session };
  const base = `${app.origin}/masks/${encodeURIComponent(caseId)}/${runId}`;
  const mask = (await (await fetch(`${base}/header`, { headers })).json()) as RunMask;
  return { mask, bytes: new Uint8Array(await (await fetch(base, { headers })).arrayBuffer()) };
}

async function stroke(page: Page, from: { x: number; y: number }, dx: number): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx, from.y, { steps: 6 });
  await page.mouse.up();
}

test('brush and eraser edits of a run\'s mask are saved, measured again by main, and shown beside the model\'s numbers', async ({ page }) => {
  // Failing: a clinician cannot correct the model's outline, or the numbers they read after correcting it are not the
  // corrected mask's (still the model's, or measured by the renderer on another grid), or the edit and its note are lost.
  test.setTimeout(120_000);
  const app = await startApp({ importRoots: [MODEL_DIR] });
  try {
    const [{ jobId }] = await Promise.all([app.call<{ jobId: string }>('demo.load', {}), app.call('models.import', { path: MODEL_DIR })]);
    expect((await waitJob(app, jobId)).state).toBe('done');
    const patients = await app.call<{ items: Array<{ caseId: string }> }>('patients.search', {});
    const caseId = patients.items[0]?.caseId ?? '';
    const series = await app.call<Array<{ SeriesInstanceUID: string }>>('series.list', { caseId, StudyInstanceUID: (await app.call<Array<{ StudyInstanceUID: string }>>('studies.list', { caseId }))[0]?.StudyInstanceUID });
    const run = await app.call<{ jobId: string }>('analyze.start', { caseId, SeriesInstanceUID: series[0]?.SeriesInstanceUID, modelId: 'ct-lung-emphysema', force: false });
    const analyzed = await waitJob(app, run.jobId);
    expect(analyzed.state).toBe('done');
    const runId = (analyzed.report as { runId: string }).runId;
    const before = await maskOf(app, caseId, runId);

    await page.goto(app.url);
    await page.getByTestId('patient-row').first().click();
    const viewport = page.locator('[data-testid="viewport"][data-viewport-id="precis-stack"]');
    await expect(viewport).toHaveAttribute('data-render-state', 'rendered');
    await expect(page.getByTestId('labelmap-controls')).toHaveAttribute('data-labelmap-state', 'shown', { timeout: 30_000 });
    await page.getByTestId('slice-slider').fill('32');
    await expect(page.getByTestId('overlay-bottom-left')).toContainText('Image: 33/64');
    await page.getByTestId('panel-tab-ai').click();
    const panel = page.getByTestId('ai-panel');
    await expect(panel.getByTestId('ai-biomarker').first()).toHaveText(/^lung volume: /);
    const modelVolume = numberIn((await panel.getByTestId('ai-biomarker').first().textContent()) ?? '');

    // The brush paints the chosen label (right lung) over the mediastinum; the eraser clears inside the right lung.
    await expect(page.getByTestId('labelmap-label')).toHaveValue('1');
    await page.getByTestId('labelmap-brush-size').fill('8');
    const box = (await viewport.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const size = Math.min(box.width, box.height);
    await page.getByTestId('labelmap-brush').click();
    await expect(page.getByTestId('labelmap-brush')).toHaveAttribute('aria-pressed', 'true');
    await stroke(page, { x: centre.x - size * 0.03, y: centre.y }, size * 0.06);
    await page.getByTestId('labelmap-eraser').click();
    await expect(page.getByTestId('labelmap-eraser')).toHaveAttribute('aria-pressed', 'true');
    await stroke(page, { x: centre.x - size * 0.22, y: centre.y }, size * 0.04);
    await panel.getByTestId('ai-review-note').fill('Mediastinal fat was left out; corrected at the hilum.');
    await page.getByTestId('labelmap-save-edit').click();
    await expect(page.getByTestId('labelmap-edit')).toHaveAttribute('data-edit-state', 'saved', { timeout: 30_000 });

    // What main now serves as the run's mask, against what it served before: voxels painted and erased.
    const after = await maskOf(app, caseId, runId);
    let painted = 0, erased = 0, lungBefore = 0, lungAfter = 0;
    for (let v = 0; v < after.bytes.length; v++) {
      const was = before.bytes[v] ?? 0, now = after.bytes[v] ?? 0;
      if (was !== 0) lungBefore++;
      if (now !== 0) lungAfter++;
      if (was === 0 && now === 1) painted++;
      if (was !== 0 && now === 0) erased++;
    }
    expect(painted).toBeGreaterThan(20);
    expect(erased).toBeGreaterThan(20);
    expect(after.mask.sha256).not.toBe(before.mask.sha256);
    const [sx, sy, sz] = after.mask.geometry.spacing;
    const ml = (sx * sy * sz) / 1000;
    const expected = lungAfter * ml;
    expect(lungAfter - lungBefore).toBe(painted - erased);
    const edited = panel.getByTestId('ai-biomarker-edited').first();
    await expect(edited).toHaveText(/^lung volume: /);
    expect(Math.abs(numberIn((await edited.textContent()) ?? '') - expected)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(numberIn((await edited.textContent()) ?? '') - (modelVolume + (painted - erased) * ml))).toBeLessThanOrEqual(0.1);
    // The model's own number stays, beside the recomputed one.
    expect(numberIn((await panel.getByTestId('ai-biomarker').first().textContent()) ?? '')).toBe(modelVolume);
    await expect(panel.getByTestId('ai-edit')).toContainText(/Mask edited by .+ at \d{4}-\d\d-\d\d \d\d:\d\d/);
    await expect(panel.getByTestId('ai-edit-note')).toHaveText('Note: Mediastinal fat was left out; corrected at the hilum.');

    // A note with an acceptance.
    await panel.getByTestId('ai-review-note').fill('Right lung accepted after the edit.');
    await panel.getByTestId('ai-accept').first().click();
    await expect(panel.getByTestId('ai-finding-note').first()).toHaveText('Note: Right lung accepted after the edit.');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'ai-mask-edit.png') });

    await page.reload();
    await page.getByTestId('patient-row').first().click();
    await page.getByTestId('panel-tab-ai').click();
    await expect(page.getByTestId('ai-edit-note')).toHaveText('Note: Mediastinal fat was left out; corrected at the hilum.');
    await expect(page.getByTestId('ai-finding-note').first()).toHaveText('Note: Right lung accepted after the edit.');
    expect(Math.abs(numberIn((await page.getByTestId('ai-biomarker-edited').first().textContent()) ?? '') - expected)).toBeLessThanOrEqual(0.05);
  } finally {
    await app.stop();
  }
});
