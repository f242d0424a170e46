// Item 5, memory. Renderer memory is the RSS (/proc VmRSS) of the renderer process holding the page,
// its decode worker included, after a forced garbage collection, with the whole series loaded (after
// both scroll passes). The goal is on the renderer as a user runs it, with no DevTools session
// (rawMemory.ts): through Playwright, Chromium's network agent keeps up to 200 MB of response bodies in
// the renderer (its default buffer), the same ~200 MB on the bare page, which no user's window holds. The leak check opens and closes the series ten times and compares the 2nd and
// the 10th reading. The web host's RSS is read from /proc before and after its import.
import type { BrowserMemory } from './browser.ts';
import type { RawMemory } from './rawMemory.ts';
import type { ViewerSession } from './precisPage.ts';
import type { Row } from './report.ts';
import { MB, median } from './stats.ts';

export interface HostMemory {
  beforeMb: number;
  afterMb: number;
  /** VmHWM: the web host's peak RSS, the import's worker thread included. */
  peakMb: number;
}

interface MemoryRun {
  precis: ViewerSession;
  bare: ViewerSession;
  host: HostMemory;
  /** The same measurement without Playwright (rawMemory.ts): no DevTools copy of every response. */
  raw?: { precis: RawMemory; bare: RawMemory };
}

/** Growth from the 2nd to the 10th open/close cycle, percent of the 2nd. */
export function leakGrowth(cycles: readonly BrowserMemory[]): number {
  const second = cycles[1]?.rendererMb;
  const last = cycles.at(-1)?.rendererMb;
  if (second === undefined || last === undefined || cycles.length < 3) return Number.NaN;
  return ((last - second) / second) * 100;
}

const summary = (m: BrowserMemory): Record<string, number> => ({
  rendererMb: Math.round(m.rendererMb),
  rendererAnonMb: Math.round(m.rendererAnonMb),
  allRenderersMb: Math.round(m.allRenderersMb),
  gpuMb: Math.round(m.gpuMb),
  jsHeapMb: Math.round(m.jsHeapMb),
  arrayBuffersMb: Math.round(m.arrayBuffersMb),
});

export function memoryRows(results: MemoryRun[], slices: number, noReference?: string): Row[] {
  const voxelMb = (slices * 512 * 512 * 2) / MB;
  const limit = 1.5 * voxelMb + 300;
  const extra = noReference ? { noReference } : {};
  const devtools = results.flatMap((r) => (r.raw ? [r.precis.loaded.rendererMb - r.raw.precis.rendererMb] : []));
  const bareDevtools = results.flatMap((r) => (r.raw ? [r.bare.loaded.rendererMb - r.raw.bare.rendererMb] : []));
  const mb = (values: number[]): string => `${(median(values) ?? Number.NaN).toFixed(0)} MB`;
  return [
    {
      // The goal's row: the renderer as the app runs it, with no DevTools session attached.
      id: 'memory.renderer-series-loaded',
      item: `Renderer memory, whole series loaded (${slices} x 512 x 512 x 2 = ${voxelMb.toFixed(0)} MB voxels), no DevTools attached`,
      unit: 'MB',
      precisRuns: results.flatMap((r) => (r.raw ? [r.raw.precis.rendererMb] : [])),
      referenceRuns: results.flatMap((r) => (r.raw ? [r.raw.bare.rendererMb] : [])),
      referenceLabel: 'bare Cornerstone3D page, same way',
      goal: { kind: 'valueAtMost', limit, text: `<= 1.5 x voxels + 300 MB = ${limit.toFixed(0)} MB` },
      details: {
        precisAnonMb: results.flatMap((r) => (r.raw ? [Math.round(r.raw.precis.rendererAnonMb)] : [])),
        bareAnonMb: results.flatMap((r) => (r.raw ? [Math.round(r.raw.bare.rendererAnonMb)] : [])),
      },
      missedBecause: `the decoded images (${voxelMb.toFixed(0)} MB in Cornerstone's cache) plus the page, React and Cornerstone3D; the bare page holds ${mb(results.flatMap((r) => (r.raw ? [r.raw.bare.rendererMb] : [])))} the same way.`,
      ...extra,
    },
    {
      id: 'memory.renderer-series-loaded.playwright',
      item: 'Renderer memory, whole series loaded, through Playwright (its DevTools network agent keeps a copy of response bodies)',
      unit: 'MB',
      precisRuns: results.map((r) => r.precis.loaded.rendererMb),
      referenceRuns: results.map((r) => r.bare.loaded.rendererMb),
      referenceLabel: 'bare Cornerstone3D page',
      goal: { kind: 'info', text: `(information: DevTools' copy adds ${mb(devtools)} here, ${mb(bareDevtools)} to the bare page)` },
      details: {
        precis: results.map((r) => summary(r.precis.loaded)),
        bare: results.map((r) => summary(r.bare.loaded)),
        precisBeforeOpen: results.map((r) => summary(r.precis.idle)),
        bareBeforeOpen: results.map((r) => summary(r.bare.idle)),
        devtoolsCopyMb: devtools.map(Math.round),
        bareDevtoolsCopyMb: bareDevtools.map(Math.round),
      },
      ...extra,
    },
    {
      id: 'memory.leak-growth',
      item: 'Renderer memory growth, open/close cycle 2 -> 10',
      unit: '%',
      precisRuns: results.map((r) => leakGrowth(r.precis.cycles)),
      referenceRuns: results.map((r) => leakGrowth(r.bare.cycles)),
      referenceLabel: 'bare Cornerstone3D page',
      goal: { kind: 'valueAtMost', limit: 5, text: '<= 5 %' },
      noRatio: true,
      details: {
        precisRendererMbPerCycle: results.map((r) => r.precis.cycles.map((c) => Math.round(c.rendererMb))),
        precisJsHeapMbPerCycle: results.map((r) => r.precis.cycles.map((c) => Math.round(c.jsHeapMb))),
        bareRendererMbPerCycle: results.map((r) => r.bare.cycles.map((c) => Math.round(c.rendererMb))),
      },
      ...extra,
    },
    {
      id: 'memory.web-host-after-import',
      item: 'Web host RSS after importing the chest CT through it',
      unit: 'MB',
      precisRuns: results.map((r) => r.host.afterMb),
      referenceRuns: results.map((r) => r.host.beforeMb),
      referenceLabel: 'the same web host before the import',
      goal: { kind: 'info', text: '(information)' },
      details: { peakMb: results.map((r) => Math.round(r.host.peakMb)) },
      ...extra,
    },
  ];
}
