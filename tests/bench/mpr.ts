// Issue 13, item 10, MPR: each run starts the web host on a fresh data directory, imports the chest CT
// through its API and measures Precis' MPR layout and the bare Cornerstone3D MPR page (bare/mpr.ts),
// each in a fresh browser, in alternating order: the time to three rendered planes, the crosshair drag
// rate, and (without DevTools, rawMemory.ts) the renderer's memory with the MPR open.
//
// Both pages start in the same state: Precis with the series open in its stack and every image fetched
// (the stack's prefetch), the bare page with every image loaded into Cornerstone's cache; both then build
// the volume from the cached images and load it whole before the planes get it. The bare page gets the
// very files the web host serves, its image ids sorted by position along the slice normal (Cornerstone
// does not sort wadouri: ids, notes "Volumes and MPR"); its viewports exist before its clock starts,
// where Precis' are made by the click.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { InstanceSummary } from '../../preload/api.ts';
import { findSeries, importThroughApi, startWebHost } from './app.ts';
import { BARE_MPR_OUT, buildBarePage } from './barePage.ts';
import { CHEST_CT, freshDir, REPO_ROOT, subsetFolder, type BenchContext } from './context.ts';
import { missing } from './machine.ts';
import { bareMprSession, bareMprUrl, precisMprSession, type MprSession, type PlaneSize } from './mprPage.ts';
import { bareMprRawMemory, precisMprRawMemory, type RawMemory } from './rawMemory.ts';
import type { Row } from './report.ts';
import { log, median } from './stats.ts';
import { startStaticServer } from './staticServer.ts';
import { inFreshBrowser, storedFiles } from './viewer.ts';

/** Mouse moves per timed drag (a figure of eight around the crosshair centre). */
const DRAG_STEPS = 240;
const QUICK_DRAG_STEPS = 40;
const QUICK_SLICES = 20;
/** The bare page's plane sizes before Precis' are measured (Precis goes first in the first run). */
const DEFAULT_SIZES: PlaneSize[] = [0, 1, 2].map(() => ({ width: 400, height: 300 }));

/**
 * The app's limit on prefetch requests in flight (renderer/src/viewer/cornerstone.ts PREFETCH_IN_FLIGHT),
 * read from its source: the bare page loads its volume once more with it, to say what the limit costs a
 * volume (volume.load asks for its slices as prefetch requests). Null when the constant is not found.
 */
function appPrefetchLimit(): number | null {
  const source = join(REPO_ROOT, 'renderer', 'src', 'viewer', 'cornerstone.ts');
  const match = existsSync(source) ? /const PREFETCH_IN_FLIGHT = (\d+);/.exec(readFileSync(source, 'utf8')) : null;
  return match ? Number(match[1]) : null;
}

interface MprRun {
  precis: MprSession;
  bare: MprSession;
  raw: { precis: RawMemory; bare: RawMemory };
}

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, k) => s + v * (b[k] ?? 0), 0);
const cross = (a: readonly number[], b: readonly number[]): number[] => [
  (a[1] ?? 0) * (b[2] ?? 0) - (a[2] ?? 0) * (b[1] ?? 0),
  (a[2] ?? 0) * (b[0] ?? 0) - (a[0] ?? 0) * (b[2] ?? 0),
  (a[0] ?? 0) * (b[1] ?? 0) - (a[1] ?? 0) * (b[0] ?? 0),
];

/** Instances in order along their slice normal (patient mm). */
export function alongNormal(instances: readonly InstanceSummary[]): InstanceSummary[] {
  const o = instances[0]?.ImageOrientationPatient ?? [1, 0, 0, 0, 1, 0];
  const normal = cross(o.slice(0, 3), o.slice(3, 6));
  const at = (i: InstanceSummary): number => dot(i.ImagePositionPatient ?? [0, 0, 0], normal);
  return [...instances].sort((a, b) => at(a) - at(b));
}

/**
 * The chest CT, or in --quick mode 20 adjacent slices from its middle: the first 20 files by name
 * (the viewer item's quick subset) lie scattered through the series, and the app rightly refuses
 * unevenly spaced slices as a volume.
 */
function mprFolder(ctx: BenchContext): { folder: string; slices: number } {
  const files = readdirSync(CHEST_CT).filter((f) => f.endsWith('.dcm')).map((f) => join(CHEST_CT, f));
  if (!ctx.quick) return { folder: CHEST_CT, slices: files.length };
  const z = (file: string): number => {
    const data = dicomParser.parseDicom(new Uint8Array(readFileSync(file)), { untilTag: 'x7fe00010' });
    return Number(data.string('x00200032')?.split('\\')[2] ?? Number.NaN);
  };
  const sorted = files.map((file) => ({ file, z: z(file) })).sort((a, b) => a.z - b.z);
  const from = Math.floor((sorted.length - QUICK_SLICES) / 2);
  return { folder: subsetFolder(ctx, 'mpr-chest-ct', sorted.slice(from, from + QUICK_SLICES).map((s) => s.file)), slices: QUICK_SLICES };
}

async function oneRun(ctx: BenchContext, folder: string, slices: number, precisFirst: boolean, sizes: PlaneSize[] | null): Promise<MprRun> {
  const steps = ctx.quick ? QUICK_DRAG_STEPS : DRAG_STEPS;
  const host = await startWebHost(ctx);
  try {
    await importThroughApi(host, [folder]);
    const ct = await findSeries(host, slices);
    const sorted = { ...ct, instances: alongNormal(ct.instances) };
    const files = new Map<string, string>();
    (await storedFiles(host, sorted, freshDir(ctx, 'bare-mpr'))).forEach((file, i) => files.set(`ct-${i}`, file));
    const server = await startStaticServer(BARE_MPR_OUT, files);
    try {
      const ids = sorted.instances.map((_, i) => `wadouri:${server.origin}/dicom/ct-${i}`);
      const runPrecis = (): Promise<MprSession> => inFreshBrowser((browser) => precisMprSession(browser, host, ct, steps));
      const limit = appPrefetchLimit();
      const runBare = (planes: PlaneSize[]): Promise<MprSession> => inFreshBrowser((browser) => bareMprSession(browser, bareMprUrl(server.origin, planes), ids, steps, limit));
      let precis: MprSession;
      let bare: MprSession;
      if (precisFirst) {
        precis = await runPrecis();
        bare = await runBare(precis.sizes);
      } else {
        bare = await runBare(sizes ?? DEFAULT_SIZES);
        precis = await runPrecis();
      }
      const bareUrl = bareMprUrl(server.origin, precis.sizes);
      const raw = precisFirst
        ? { precis: await precisMprRawMemory(host, ct), bare: await bareMprRawMemory(bareUrl, ids) }
        : { bare: await bareMprRawMemory(bareUrl, ids), precis: await precisMprRawMemory(host, ct) };
      return { precis, bare, raw };
    } finally {
      await server.close();
    }
  } finally {
    await host.stop();
  }
}

const med = (values: number[]): string => (median(values) ?? Number.NaN).toFixed(0);

function threePlanesWhy(results: MprRun[]): string {
  const of = (page: 'precis' | 'bare'): string => {
    const total = results.map((r) => r[page].threePlanesMs);
    const longest = results.map((r) => r[page].tasks.longestMs);
    const others = results.map((r) => r[page].tasks.otherLongMs);
    const rest = results.map((r) => Math.max(0, r[page].threePlanesMs - r[page].tasks.longestMs - r[page].tasks.otherLongMs));
    return `${med(total)} ms = its longest task ${med(longest)} ms (the animation frame in which Cornerstone uploads the volume and draws the three planes) + ` +
      `${med(others)} ms of other tasks over 50 ms + ${med(rest)} ms of shorter tasks and waiting between them`;
  };
  const bare = (key: 'enableMs' | 'volumeLoadedMs' | 'volumeLoadedWithAppLimitMs'): string => med(results.map((r) => r.bare.split[key] ?? Number.NaN));
  const limit = appPrefetchLimit();
  const limited = results.some((r) => r.bare.split.volumeLoadedWithAppLimitMs !== undefined) && limit !== null
    ? ` Loading the volume from the cached images took the bare page ${bare('volumeLoadedMs')} ms with Cornerstone's default of 1,000 prefetch requests in flight, ` +
      `and ${bare('volumeLoadedWithAppLimitMs')} ms (measured after its clocks) with the app's limit of ${limit} (renderer/src/viewer/cornerstone.ts PREFETCH_IN_FLIGHT): ` +
      `volume.load asks for every slice as a prefetch request, and with ${limit} in flight Cornerstone's request pool starts the next few from a timer each time.`
    : '';
  return `main-thread tasks (Long Tasks API) over each page's time: Precis' ${of('precis')}; between the click and the draw it lays out the 2x2 grid, ` +
    `enables three new WebGL viewports (the stack's shrinks to a quarter), checks the slices' geometry, and builds and loads the volume. ` +
    `The bare page's ${of('bare')}; its viewports were enabled before its clock (${bare('enableMs')} ms in its set-up).${limited}`;
}

function dragWhy(results: MprRun[]): string {
  const of = (page: 'precis' | 'bare', key: 'perImageMs' | 'animationFrameMs' | 'layoutPaintMs' | 'eventDispatchMs'): string =>
    `${(median(results.map((r) => r[page].frames[key])) ?? Number.NaN).toFixed(1)} ms`;
  const moves = (page: 'precis' | 'bare'): string => (median(results.map((r) => r[page].drag.movesPerSecond)) ?? Number.NaN).toFixed(1);
  return `in a traced extra drag, per render of the sagittal plane: Precis ${of('precis', 'perImageMs')} of which ${of('precis', 'animationFrameMs')} in ` +
    `animation-frame callbacks (Cornerstone's renders of the planes, the crosshairs' SVG), ${of('precis', 'layoutPaintMs')} style, layout, paint and commit ` +
    `(each moved plane's image number and overlays, the page around the grid) and ${of('precis', 'eventDispatchMs')} dispatching mouse events (the crosshairs ` +
    `moving the planes' cameras, the app's listeners); the bare page ${of('bare', 'perImageMs')} of which ${of('bare', 'animationFrameMs')}, ` +
    `${of('bare', 'layoutPaintMs')} and ${of('bare', 'eventDispatchMs')}. Mouse moves received: ${moves('precis')}/s in Precis, ${moves('bare')}/s on the bare page.`;
}

function memoryWhy(results: MprRun[]): string {
  const of = (page: 'precis' | 'bare'): string => {
    const total = results.map((r) => r.raw[page].rendererMb);
    const other = results.map((r) => r.raw[page].rendererMb - r.raw[page].rendererAnonMb);
    return `${med(total)} MB = ${med(results.map((r) => r.raw[page].rendererAnonMb))} MB anonymous (JavaScript heaps and array buffers: the cached images and the volume) + ${med(other)} MB mapped files and shared memory (code, fonts, the canvases' buffers)`;
  };
  return `Precis' renderer ${of('precis')}; the bare page's ${of('bare')}. Beside the same images and volume, Precis holds a fourth viewport (the stack, with its canvas), ` +
    'the page around the grid (React, the study browser with its thumbnails, the side panel) and the reading tools.';
}

function mprRows(results: MprRun[], slices: number, noReference?: string): Row[] {
  const extra = noReference ? { noReference } : {};
  const label = `chest CT${slices === 275 ? '' : ` (quick: ${slices} adjacent slices)`}`;
  const reference = 'bare Cornerstone3D MPR page';
  const rawMb = (page: 'precis' | 'bare', key: keyof RawMemory): number[] => results.map((r) => r.raw[page][key]);
  return [
    {
      id: 'mpr.three-planes',
      item: `MPR: three planes rendered (from the click, series open in the stack), ${label}`,
      unit: 'ms',
      precisRuns: results.map((r) => r.precis.threePlanesMs),
      referenceRuns: results.map((r) => r.bare.threePlanesMs),
      referenceLabel: `${reference}, images cached, volume loaded, three planes`,
      goal: { kind: 'ratioAtMost', limit: 1.2, text: '<= 1.2x bare page' },
      details: {
        ratiosPerRun: results.map((r) => r.precis.threePlanesMs / r.bare.threePlanesMs),
        precisSplit: results.map((r) => r.precis.split),
        bareSplit: results.map((r) => r.bare.split),
        precisLongTasks: results.map((r) => r.precis.tasks),
        bareLongTasks: results.map((r) => r.bare.tasks),
        sizes: results[0]?.precis.sizes,
      },
      missedBecause: threePlanesWhy(results),
      ...extra,
    },
    {
      id: 'mpr.crosshair-drag',
      item: `MPR: crosshair drag rate (sagittal and coronal renders while the axial centre is dragged), ${label}`,
      unit: 'renders/s',
      precisRuns: results.map((r) => r.precis.drag.rendersPerSecond),
      referenceRuns: results.map((r) => r.bare.drag.rendersPerSecond),
      referenceLabel: reference,
      goal: { kind: 'ratioAtLeast', limit: 0.9, text: '>= 0.9x bare page' },
      details: {
        ratiosPerRun: results.map((r) => r.precis.drag.rendersPerSecond / r.bare.drag.rendersPerSecond),
        precisDrag: results.map((r) => r.precis.drag),
        bareDrag: results.map((r) => r.bare.drag),
        precisFrames: results.map((r) => r.precis.frames),
        bareFrames: results.map((r) => r.bare.frames),
      },
      missedBecause: dragWhy(results),
      ...extra,
    },
    {
      id: 'mpr.renderer-memory',
      item: `MPR: renderer memory with the three planes loaded, no DevTools attached, ${label}`,
      unit: 'MB',
      precisRuns: rawMb('precis', 'rendererMb'),
      referenceRuns: rawMb('bare', 'rendererMb'),
      referenceLabel: `${reference}, same way`,
      goal: { kind: 'ratioAtMost', limit: 1.1, text: '<= 1.1x bare page' },
      details: {
        ratiosPerRun: results.map((r) => r.raw.precis.rendererMb / r.raw.bare.rendererMb),
        precisAnonMb: rawMb('precis', 'rendererAnonMb').map(Math.round),
        bareAnonMb: rawMb('bare', 'rendererAnonMb').map(Math.round),
      },
      missedBecause: memoryWhy(results),
      ...extra,
    },
  ];
}

export async function benchMpr(ctx: BenchContext): Promise<Row[]> {
  const chromium = ctx.references.chromium;
  const { folder, slices } = mprFolder(ctx);
  if (!chromium.available) return mprRows([], slices, missing('chromium', chromium));
  await buildBarePage();
  const results: MprRun[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const result = await oneRun(ctx, folder, slices, run % 2 === 0, results[0]?.precis.sizes ?? null);
    results.push(result);
    const { precis: p, bare: b, raw } = result;
    log(`mpr run ${run + 1}/${ctx.runs}: three planes ${p.threePlanesMs.toFixed(0)} / ${b.threePlanesMs.toFixed(0)} ms, ` +
      `drag ${p.drag.rendersPerSecond.toFixed(1)} / ${b.drag.rendersPerSecond.toFixed(1)} renders/s (moves ${p.drag.movesPerSecond.toFixed(1)} / ${b.drag.movesPerSecond.toFixed(1)}/s), ` +
      `renderer ${raw.precis.rendererMb.toFixed(0)} / ${raw.bare.rendererMb.toFixed(0)} MB (Precis / bare)`);
  }
  return mprRows(results, slices);
}
