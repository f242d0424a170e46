// Drives the MPR layout of the real Precis renderer (through the web host) and the bare MPR page
// (bare/mpr.ts) the same way. Clocks run in the page (performance.now()): Precis from the click on the
// MPR layout button to the three planes' data-render-state="rendered" (the state the e2e test waits
// for), the bare page from its volume's creation to each plane's first IMAGE_RENDERED. The crosshair
// drag is real mouse input (Playwright's mouse: CDP Input.dispatchMouseEvent, one move at a time) on the
// axial plane's crosshair centre; the sagittal and coronal planes' IMAGE_RENDERED events are counted in
// the page, on both pages through the same markup (data-mpr-orientation around .cornerstone-element).
import type { Browser, Page } from '@playwright/test';
import type { OpenableSeries, WebHost } from './app.ts';
import { newPage } from './browser.ts';
import { traceFrames, type FrameBreakdown } from './frameTrace.ts';
import { PAGE_HELPER } from './precisPage.ts';

// Plain JavaScript evaluated in either page (see PAGE_HELPER: no eval under the app's CSP).
export const MPR_HELPER = `(() => {
  const PLANES = ['axial', 'sagittal', 'coronal'];
  const frame = (o) => document.querySelector('[data-mpr-orientation="' + o + '"]');
  const element = (o) => frame(o) && frame(o).querySelector('.cornerstone-element');
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let counting = null;
  let tasks = null;
  const watchTasks = () => {
    const observer = new PerformanceObserver((list) => tasks.entries.push(...list.getEntries()));
    tasks = { observer, entries: [] };
    observer.observe({ type: 'longtask' });
  };
  /** The main thread's tasks over 50 ms (Long Tasks API) within [from, to]: the longest, the others' sum. */
  const tasksBetween = async (from, to) => {
    await sleep(100); // a task's entry is queued once it ends, after what resolved inside it
    tasks.entries.push(...tasks.observer.takeRecords());
    tasks.observer.disconnect();
    const within = tasks.entries.filter((e) => e.startTime < to && e.startTime + e.duration > from).map((e) => e.duration).sort((a, b) => b - a);
    tasks = null;
    return { longestMs: within[0] || 0, otherLongMs: within.slice(1).reduce((s, d) => s + d, 0), count: within.length };
  };
  window.__mpr = {
    /** Precis: resolves once n files (or app-decoded frames) of the open series have arrived (the stack's
     *  prefetch has fetched the series), then lets the last decodes finish. */
    async cached(n) {
      performance.setResourceTimingBufferSize(100000);
      const until = performance.now() + 300000;
      const count = () => new Set(performance.getEntriesByType('resource').filter((e) => e.name.includes('/dicom/') || e.name.includes('/frames/')).map((e) => e.name)).size;
      while (count() < n) {
        if (performance.now() > until) throw new Error('the stack fetched ' + count() + ' of ' + n + ' images within 300 s');
        await sleep(100);
      }
      await sleep(1000);
    },
    /** Precis: clicks the MPR layout button; resolves with ms until the three planes are rendered, and
     *  when their viewports appeared and the first of them was rendered. */
    openMpr() {
      return new Promise((resolve, reject) => {
        const button = document.querySelector('[data-testid="layout-mpr"]');
        if (!button) { reject(new Error('no layout-mpr button')); return; }
        let framesAt = null;
        let firstAt = null;
        let observer = null;
        const timer = setTimeout(() => { observer.disconnect(); reject(new Error('the three MPR planes were not rendered within 300 s')); }, 300000);
        const started = performance.now();
        const check = () => {
          const now = performance.now();
          const states = PLANES.map((o) => (frame(o) ? frame(o).getAttribute('data-render-state') : null));
          if (framesAt === null && states.every((s) => s !== null)) framesAt = now;
          const bad = states.find((s) => s === 'error' || s === 'unsupported');
          if (bad) {
            observer.disconnect(); clearTimeout(timer);
            const message = document.querySelector('[data-mpr-orientation] [data-testid="viewport-message"]');
            reject(new Error('MPR ' + bad + ': ' + (message ? message.textContent : '')));
          } else {
            if (firstAt === null && states.includes('rendered')) firstAt = now;
            if (states.every((s) => s === 'rendered')) {
              observer.disconnect(); clearTimeout(timer);
              resolve({ ms: now - started, framesMs: framesAt - started, firstPlaneMs: firstAt - started, startedAt: started });
            }
          }
        };
        observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-render-state', 'data-mpr-orientation'] });
        button.click();
        check();
      });
    },
    /** openMpr, with the long tasks of its time. */
    async openMprWithTasks() {
      watchTasks();
      const opened = await window.__mpr.openMpr();
      return { ...opened, tasks: await tasksBetween(opened.startedAt, opened.startedAt + opened.ms) };
    },
    /** The bare page's open, with the long tasks of its time. */
    async openBareWithTasks(imageIds) {
      watchTasks();
      const started = performance.now();
      const opened = await window.bareMpr.open(imageIds);
      return { ...opened, tasks: await tasksBetween(started, started + opened.ms) };
    },
    /** The three planes' Cornerstone elements (CSS pixels), axial, sagittal, coronal. */
    sizes() {
      return PLANES.map((o) => {
        const r = element(o).getBoundingClientRect();
        return { width: Math.round(r.width), height: Math.round(r.height) };
      });
    },
    /** Starts recording the sagittal and coronal planes' renders and the moves of a held primary button. */
    startCounting() {
      // Precis only: the sagittal plane's image numbers seen at its renders (the bare page has no overlay).
      const times = { sagittal: [], coronal: [], moves: [], sagittalImages: [] };
      const overlay = frame('sagittal').querySelector('[data-testid="overlay-bottom-left"]');
      const listeners = ['sagittal', 'coronal'].map((o) => {
        const listener = () => {
          times[o].push(performance.now());
          if (o === 'sagittal' && overlay) {
            const image = /Image: \\d+/.exec(overlay.textContent || '');
            if (image && !times.sagittalImages.includes(image[0])) times.sagittalImages.push(image[0]);
          }
        };
        element(o).addEventListener('CORNERSTONE_IMAGE_RENDERED', listener);
        return [element(o), listener];
      });
      const onMove = (e) => { if (e.buttons & 1) times.moves.push(performance.now()); };
      window.addEventListener('mousemove', onMove, true);
      counting = { times, listeners, onMove };
    },
    /** Waits for the last renders, stops recording and hands the times over (ms). */
    async stopCounting() {
      await sleep(300);
      const { times, listeners, onMove } = counting;
      for (const [el, listener] of listeners) el.removeEventListener('CORNERSTONE_IMAGE_RENDERED', listener);
      window.removeEventListener('mousemove', onMove, true);
      counting = null;
      return times;
    },
  };
})()`;

export interface LongTasks {
  /** The longest: the animation frame in which Cornerstone uploads the volume and draws the planes. */
  longestMs: number;
  /** The other tasks over 50 ms, summed, and how many there were (the longest included). */
  otherLongMs: number;
  count: number;
}

export interface PlaneSize {
  width: number;
  height: number;
}

/** One drag of the axial crosshair centre. */
export interface DragResult {
  /** Renders per second of the sagittal and coronal planes (their mean) between the first and last move. */
  rendersPerSecond: number;
  /** Mouse moves the page received per second over the same time. */
  movesPerSecond: number;
  moves: number;
  renders: { sagittal: number; coronal: number };
  ms: number;
}

export interface MprSession {
  /** Precis: from the click on the MPR button; bare: from the volume's creation. To all three rendered, ms. */
  threePlanesMs: number;
  /** Precis: when the three planes' viewports were in the page and when the first was rendered (ms after
   *  the click); bare: when the volume was loaded (ms after the start), and how long enabling its three
   *  viewports took in its set-up, before the clock, and (after all clocks) how long the same volume takes
   *  to load with the app's limit on prefetch requests in flight. */
  split: { framesMs?: number; firstPlaneMs?: number; volumeLoadedMs?: number; enableMs?: number; volumeLoadedWithAppLimitMs?: number };
  /** The main thread's tasks over 50 ms during that time (Long Tasks API), ms. */
  tasks: LongTasks;
  sizes: PlaneSize[];
  drag: DragResult;
  /** Where a traced extra drag's main-thread time went, per render of the sagittal plane. */
  frames: FrameBreakdown;
}

interface Times {
  sagittal: number[];
  coronal: number[];
  moves: number[];
  /** Precis: the distinct "Image: n" of the sagittal plane at its renders. */
  sagittalImages: string[];
}

/** Holds the primary button on the axial plane's centre (where the crosshairs cross after the planes
 *  are reset: the volume's centre) and moves it along a figure of eight, one mouse event per step. */
async function drag(page: Page, steps: number, overlays: boolean): Promise<DragResult> {
  const box = await page.locator('[data-mpr-orientation="axial"] .cornerstone-element').boundingBox();
  if (!box) throw new Error('no axial plane on the page');
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const a = 0.2 * Math.min(box.width, box.height);
  await page.evaluate('window.__mpr.startCounting()');
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let k = 1; k <= steps; k++) {
    const t = (2 * Math.PI * k) / steps;
    await page.mouse.move(cx + a * Math.sin(t), cy + (a / 2) * Math.sin(2 * t));
  }
  await page.mouse.up();
  const times = (await page.evaluate('window.__mpr.stopCounting()')) as Times;
  const first = times.moves[0];
  const last = times.moves.at(-1);
  if (first === undefined || last === undefined || last <= first) throw new Error('the page received no drag');
  const within = (list: number[]): number => list.filter((t) => t >= first && t <= last).length;
  const renders = { sagittal: within(times.sagittal), coronal: within(times.coronal) };
  if (renders.sagittal === 0 || renders.coronal === 0) throw new Error(`the crosshair drag did not move the other planes (renders: ${JSON.stringify(renders)})`);
  // Renders alone could come from another tool on the button (a window change redraws the planes too).
  if (overlays && times.sagittalImages.length < 2) throw new Error(`the drag rendered the sagittal plane without moving it (images seen: ${times.sagittalImages.join(', ') || 'none'}): is the crosshairs tool still on the primary button?`);
  const seconds = (last - first) / 1000;
  return { rendersPerSecond: (renders.sagittal + renders.coronal) / 2 / seconds, movesPerSecond: times.moves.length / seconds, moves: times.moves.length, renders, ms: last - first };
}

/** The timed drag after an untimed warm-up one, then a traced one for where the time goes. */
async function dragAll(browser: Browser, page: Page, steps: number, overlays: boolean): Promise<{ drag: DragResult; frames: FrameBreakdown }> {
  await drag(page, Math.max(10, Math.round(steps / 6)), overlays);
  const timed = await drag(page, steps, overlays);
  let traced: DragResult | null = null;
  const perStep = await traceFrames(browser, page, steps + 1, async () => {
    traced = await drag(page, steps, overlays);
    return traced.ms;
  });
  // traceFrames divides by the steps; per render of the sagittal plane instead.
  const scale = steps / Math.max(1, (traced as DragResult | null)?.renders.sagittal ?? steps);
  const frames: FrameBreakdown = {
    perImageMs: perStep.perImageMs * scale,
    animationFrameMs: perStep.animationFrameMs * scale,
    layoutPaintMs: perStep.layoutPaintMs * scale,
    eventDispatchMs: perStep.eventDispatchMs * scale,
  };
  return { drag: timed, frames };
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Precis: the patient's series open in the stack and fetched, then the MPR layout, then the drags. */
export async function precisMprSession(browser: Browser, host: WebHost, ct: OpenableSeries, steps: number): Promise<MprSession> {
  const page = await newPage(browser);
  const n = ct.instances.length;
  await page.goto(host.url);
  await page.getByTestId('patient-row').first().waitFor();
  await page.evaluate(PAGE_HELPER);
  await page.evaluate(MPR_HELPER);
  await page.evaluate(`window.__bench.openPatient(${JSON.stringify(ct.patient.PatientID)}, ${n})`);
  await page.evaluate(`window.__mpr.cached(${n})`);
  const open = (await page.evaluate('window.__mpr.openMprWithTasks()')) as { ms: number; framesMs: number; firstPlaneMs: number; tasks: LongTasks };
  const sizes = (await page.evaluate('window.__mpr.sizes()')) as PlaneSize[];
  await settle(500);
  const dragged = await dragAll(browser, page, steps, true);
  await page.close();
  return { threePlanesMs: open.ms, split: { framesMs: open.framesMs, firstPlaneMs: open.firstPlaneMs }, tasks: open.tasks, sizes, ...dragged };
}

/**
 * The bare MPR page, its planes at `sizes`: every image cached first (as the app's stack has them), then the
 * volume. `appPrefetchLimit`: the app's limit on prefetch requests in flight, with which the volume is
 * loaded once more after all clocks (null: not measured).
 */
export async function bareMprSession(browser: Browser, url: string, imageIds: string[], steps: number, appPrefetchLimit: number | null): Promise<MprSession> {
  const page = await newPage(browser);
  await page.goto(url);
  await page.evaluate('window.bareMpr.ready');
  await page.evaluate(MPR_HELPER);
  const ids = JSON.stringify(imageIds);
  await page.evaluate(`window.bareMpr.preload(${ids})`);
  const open = (await page.evaluate(`window.__mpr.openBareWithTasks(${ids})`)) as { ms: number; volumeLoadedMs: number; enableMs: number; tasks: LongTasks };
  const sizes = (await page.evaluate('window.__mpr.sizes()')) as PlaneSize[];
  await settle(500);
  const dragged = await dragAll(browser, page, steps, false);
  const limited = appPrefetchLimit === null ? undefined : ((await page.evaluate(`window.bareMpr.loadWithPrefetchLimit(${ids}, ${appPrefetchLimit})`)) as number);
  await page.close();
  const split = { volumeLoadedMs: open.volumeLoadedMs, enableMs: open.enableMs, ...(limited === undefined ? {} : { volumeLoadedWithAppLimitMs: limited }) };
  return { threePlanesMs: open.ms, split, tasks: open.tasks, sizes, ...dragged };
}

/** The bare MPR page's URL with the planes' sizes. */
export function bareMprUrl(origin: string, sizes: readonly PlaneSize[]): string {
  return `${origin}/mpr.html?sizes=${sizes.map((s) => `${s.width}x${s.height}`).join(',')}`;
}
