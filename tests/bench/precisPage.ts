// Drives the real Precis renderer (through the web host) for the viewer items. The clocks run in the
// page (performance.now()), from the user's action (a click on the patient row, which opens the main
// series of the patient's newest study, commands.ts selectPatient; an ArrowDown keydown)
// to the moment the viewport reports data-render-state="rendered" with the overlay showing the
// requested image: the same state the e2e tests wait for. No Playwright round trip is inside a clock.
import type { Browser, Page } from '@playwright/test';
import type { OpenableSeries, WebHost } from './app.ts';
import { measureMemory, newPage, type BrowserMemory } from './browser.ts';
import { traceFrames, type FrameBreakdown } from './frameTrace.ts';

// Plain JavaScript evaluated in the page through CDP (this file is type-checked without the DOM
// library, and the app's CSP forbids eval, so no string goes through waitForFunction).
export const PAGE_HELPER = `(() => {
  performance.setResourceTimingBufferSize(100000);
  const viewport = () => document.querySelector('[data-testid="viewport"]');
  const overlay = () => document.querySelector('[data-testid="overlay-bottom-left"]');
  const shown = (n, total) => new Promise((resolve, reject) => {
    const want = 'Image: ' + n + '/' + total;
    const observer = new MutationObserver(() => check());
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(want + ' not rendered within 60 s')); }, 60000);
    const check = () => {
      const state = viewport()?.getAttribute('data-render-state');
      if (state === 'error' || state === 'unsupported') {
        observer.disconnect(); clearTimeout(timer);
        reject(new Error(want + ': ' + state + ': ' + document.querySelector('[data-testid="viewport-message"]')?.textContent));
      } else if (state === 'rendered' && (overlay()?.textContent ?? '').includes(want)) {
        observer.disconnect(); clearTimeout(timer); resolve(performance.now());
      }
    };
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
  });
  const press = (key) => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  window.__bench = {
    shown,
    /** Clicks the patient's row; resolves with the time until image 1 of its main series is shown. */
    async openPatient(patientId, total) {
      const row = [...document.querySelectorAll('[data-testid="patient-row"]')].find((r) => (r.textContent ?? '').includes(patientId));
      if (!row) throw new Error('no patient row for ' + patientId);
      const started = performance.now();
      const done = shown(1, total);
      row.click();
      return (await done) - started;
    },
    /** ArrowDown from image 1 to image upTo (default: the last); resolves with the time taken. */
    async scroll(total, upTo = total) {
      const started = performance.now();
      for (let n = 2; n <= upTo; n++) {
        const done = shown(n, total);
        press('ArrowDown');
        await done;
      }
      return performance.now() - started;
    },
    async press(key, n, total) {
      const done = shown(n, total);
      press(key);
      await done;
    },
    /** Resolves once the series row's thumbnail shows pixels (Cornerstone is initialised by then). */
    async thumbnail() {
      const drawn = () => {
        const source = document.querySelector('[data-testid="series-row"] canvas.thumbnail');
        if (!source) return false;
        const copy = document.createElement('canvas');
        copy.width = source.width; copy.height = source.height;
        const ctx = copy.getContext('2d');
        ctx.drawImage(source, 0, 0);
        const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
        for (let i = 0; i < data.length; i += 4) if (data[i] > 0) return true;
        return false;
      };
      const until = performance.now() + 60000;
      while (!drawn()) {
        if (performance.now() > until) throw new Error('the series thumbnail was not drawn within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** The first image's requests (resource timing, ms): its file, and the app-decoded frame if any. */
    firstImageRequests() {
      const entries = performance.getEntriesByType('resource');
      const last = (part) => entries.filter((e) => e.name.includes(part)).map((e) => ({ start: e.startTime, ms: e.duration }));
      return { files: last('/dicom/'), frames: last('/frames/'), api: last('/api/') };
    },
    size() {
      const r = document.querySelector('.cornerstone-element').getBoundingClientRect();
      return { width: Math.round(r.width), height: Math.round(r.height) };
    },
  };
})()`;

export interface ViewerSession {
  /** Memory with the page ready and nothing open (Precis: the patient's series listed). */
  idle: BrowserMemory;
  firstImageMs: number;
  coldMs: number;
  cachedMs: number;
  loaded: BrowserMemory;
  /** Memory after each open/close cycle. */
  cycles: BrowserMemory[];
  /** The Cornerstone element's size, for the bare page. */
  size: { width: number; height: number };
  /** A traced extra cached pass: where its main-thread time went, per image. */
  frames?: FrameBreakdown;
  /** The first image's time split at its file's request (Precis only). */
  firstImageSplit?: FirstImageSplit | null;
  /** Resource timing of the first image's requests after the click (Precis only): ms. */
  firstFileRequestMs?: number | null;
  firstFrameRequestMs?: number | null;
  /** Median request time of the series' files and app-decoded frames over the first (cold) pass, ms. */
  medianFileRequestMs?: number | null;
  medianFrameRequestMs?: number | null;
}

interface RequestTimes {
  files: Array<{ start: number; ms: number }>;
  frames: Array<{ start: number; ms: number }>;
  api: Array<{ start: number; ms: number }>;
}

/** The first image's time split at its first file request: the API calls that open the patient and its
 *  series before it, the file's own request, and what follows (parse, decode, render). */
export interface FirstImageSplit {
  beforeFileMs: number;
  apiMs: number;
  fileMs: number;
  afterFileMs: number;
}

/**
 * Selects a patient, which opens its main series; resolves with the time from the click to the
 * series' first image. With `thumbnail`, also waits for the series row's thumbnail (Cornerstone is
 * initialised and has decoded an image by then, as the bare page's warm-up does).
 */
async function openPatient(page: Page, target: OpenableSeries, thumbnail = false): Promise<number> {
  const ms = await page.evaluate(`window.__bench.openPatient(${JSON.stringify(target.patient.PatientID)}, ${target.instances.length})`) as number;
  await page.getByTestId('series-row').filter({ hasText: `${target.series.instanceCount} images` }).waitFor();
  if (thumbnail) await page.evaluate('window.__bench.thumbnail()');
  return ms;
}

export async function precisSession(browser: Browser, host: WebHost, ct: OpenableSeries, other: OpenableSeries, cycles: number): Promise<ViewerSession> {
  const page = await newPage(browser);
  const n = ct.instances.length;
  await page.goto(host.url);
  await page.getByTestId('patient-row').first().waitFor();
  await page.evaluate(PAGE_HELPER);
  // Warm-up, as on the bare page: the other patient's series on screen (Cornerstone initialised).
  await openPatient(page, other, true);
  const idle = await measureMemory(browser, page);
  const clickedAt = await page.evaluate('performance.now()') as number;
  const firstImageMs = await openPatient(page, ct);
  const requests = await page.evaluate('window.__bench.firstImageRequests()') as RequestTimes;
  const firstAfterClick = (list: RequestTimes['files']): number | null => list.find((e) => e.start >= clickedAt)?.ms ?? null;
  const firstFile = requests.files.find((e) => e.start >= clickedAt);
  const firstImageSplit: FirstImageSplit | null = firstFile ? {
    beforeFileMs: firstFile.start - clickedAt,
    apiMs: requests.api.filter((e) => e.start >= clickedAt && e.start < firstFile.start).reduce((n, e) => n + e.ms, 0),
    fileMs: firstFile.ms,
    afterFileMs: clickedAt + firstImageMs - (firstFile.start + firstFile.ms),
  } : null;
  const size = await page.evaluate('window.__bench.size()') as ViewerSession['size'];
  const coldMs = await page.evaluate(`window.__bench.scroll(${n})`) as number;
  const coldRequests = await page.evaluate('window.__bench.firstImageRequests()') as RequestTimes;
  const medianAfterClick = (list: RequestTimes['files']): number | null => {
    const times = list.filter((e) => e.start >= clickedAt).map((e) => e.ms).sort((a, b) => a - b);
    return times.length === 0 ? null : (times[Math.floor(times.length / 2)] as number);
  };
  await page.evaluate(`window.__bench.press('Home', 1, ${n})`);
  const cachedMs = await page.evaluate(`window.__bench.scroll(${n})`) as number;
  const loaded = await measureMemory(browser, page);
  await page.evaluate(`window.__bench.press('Home', 1, ${n})`);
  const frames = await traceFrames(browser, page, n, async () => page.evaluate(`window.__bench.scroll(${n})`) as Promise<number>);
  const memory: BrowserMemory[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    if (cycle > 0) {
      await openPatient(page, ct);
      await page.evaluate(`window.__bench.press('End', ${n}, ${n})`);
    }
    // Closing the chest CT = opening another series in its place (the viewer has one viewport).
    await openPatient(page, other);
    memory.push(await measureMemory(browser, page));
  }
  await page.close();
  return { idle, firstImageMs, coldMs, cachedMs, loaded, cycles: memory, size, frames, firstImageSplit, firstFileRequestMs: firstAfterClick(requests.files), firstFrameRequestMs: firstAfterClick(requests.frames),
    medianFileRequestMs: medianAfterClick(coldRequests.files), medianFrameRequestMs: medianAfterClick(coldRequests.frames) };
}
