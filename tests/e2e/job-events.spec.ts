// The status bar follows imports by events (job.progress), not by polling, and when the page's event
// stream drops while imports run it re-reads the jobs on reconnect, so the bar still ends right.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const DICOM = join(SHARED_DATA, 'dicom');
const LIDC = join(DICOM, 'lidc-idri-0314-chest-ct');
const PHILIPS = join(DICOM, 'dcm_qa_ct', 'Philips');

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp({ importRoots: [DICOM] });
});
test.afterAll(async () => app?.stop());

test.describe.configure({ mode: 'serial' });

async function waitUntilFinished(jobId: string): Promise<void> {
  await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 120_000 }).toBe('done');
}

/**
 * Lets the test drop the page's open event stream as a lost connection would. Neither Chromium's offline
 * emulation nor page.route touches a response already streaming, so the page's own fetch of /events is
 * given an abort signal the test can fire; everything else about the stream is the app's real code.
 */
function installStreamCutter(): void {
  const realFetch = window.fetch.bind(window);
  const open = new Set<AbortController>();
  Object.assign(window, { dropEventStreams: () => open.forEach((c) => c.abort(new TypeError('network connection lost'))) });
  window.fetch = (input, init) => {
    if (!String(input instanceof Request ? input.url : input).endsWith('/events')) return realFetch(input, init);
    const controller = new AbortController();
    open.add(controller);
    return realFetch(input, { ...init, signal: controller.signal });
  };
}

/** Opens the app and waits until its event stream is open (the response to GET /events has begun). */
async function openWithEvents(page: Page): Promise<void> {
  await page.addInitScript(installStreamCutter);
  const events = page.waitForResponse((r) => new URL(r.url()).pathname === '/events');
  await page.goto(app.url);
  expect((await events).ok()).toBe(true);
}

test('an import whose last events were missed while the stream was down still ends right in the status bar', async ({ page }) => {
  await openWithEvents(page);
  // Two imports, run one after the other: whichever moment the stream is cut, one of them is unfinished.
  const first = (await app.call<{ jobId: string }>('import.start', { paths: [PHILIPS] })).jobId;
  const second = (await app.call<{ jobId: string }>('import.start', { paths: [LIDC] })).jobId;
  const progress = page.getByTestId('import-progress');
  await expect(progress.first().getByRole('button', { name: 'Cancel' })).toBeVisible();

  // Cut the stream, and fail every reconnect until the route is removed.
  let reconnects = 0;
  await page.route('**/events', (route) => {
    reconnects++;
    return route.abort('internetdisconnected');
  });
  await page.evaluate(() => (window as unknown as { dropEventStreams: () => void }).dropEventStreams());
  await expect.poll(() => reconnects).toBeGreaterThan(0);
  await waitUntilFinished(first);
  await waitUntilFinished(second);
  // The page missed the end: what it shows is stale (the bar of a job that has since finished).
  await expect(progress.first()).toBeVisible();
  await expect(page.getByTestId('import-result')).toHaveCount(0);

  await page.unroute('**/events');
  // Failing: the progress bar would stay up forever (or until a reload) after a dropped connection.
  await expect(page.getByTestId('import-result')).toContainText('275 imported');
  await expect(progress).toHaveCount(0);
  // The library was re-read too: the LIDC patient is listed.
  await expect(page.getByTestId('patient-row')).toHaveCount(2);
});

test('following an import asks the host nothing: no jobs.get polling', async ({ page }) => {
  const polls: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/jobs.get')) polls.push(r.url());
  });
  await page.goto(app.url);
  await page.getByTestId('import-folder-input').setInputFiles(join(DICOM, 'dcm_qa_ct', 'GE'));
  // Failing: the page would poll jobs.get every 500 ms while the import runs.
  await expect(page.getByTestId('import-result')).toContainText(/\d+ imported/);
  await expect(page.getByTestId('import-progress')).toHaveCount(0);
  expect(polls).toEqual([]);
});
