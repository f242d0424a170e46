// Where a scroll pass' main-thread time goes, from a Chromium trace of one extra cached pass (after the
// timed passes and the memory reading, so it changes neither): animation-frame callbacks (Cornerstone's
// render and its copy to the canvas, the tools' annotation layer), style/layout/paint/commit of the page,
// and input event dispatch; per image, in ms.
import type { Browser, Page } from '@playwright/test';

export interface FrameBreakdown {
  /** Wall time of the traced pass per image. */
  perImageMs: number;
  animationFrameMs: number;
  layoutPaintMs: number;
  eventDispatchMs: number;
}

const LAYOUT_PAINT = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit']);

export async function traceFrames(browser: Browser, page: Page, images: number, pass: () => Promise<number>): Promise<FrameBreakdown> {
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  const wallMs = await pass();
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Array<{ name: string; ph: string; dur?: number }> };
  let animation = 0;
  let layout = 0;
  let events = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || !e.dur) continue;
    if (e.name === 'FireAnimationFrame') animation += e.dur / 1000;
    else if (LAYOUT_PAINT.has(e.name)) layout += e.dur / 1000;
    else if (e.name === 'EventDispatch') events += e.dur / 1000;
  }
  const steps = Math.max(1, images - 1);
  return { perImageMs: wallMs / steps, animationFrameMs: animation / steps, layoutPaintMs: layout / steps, eventDispatchMs: events / steps };
}
