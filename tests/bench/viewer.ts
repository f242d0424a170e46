// Items 3-5 in Chromium: each run starts the web host on a fresh data directory, imports the chest CT
// (and a one-image series to switch to) through its API, then measures Precis and the bare
// Cornerstone3D page, each in a fresh browser: time to first image, scrolling (cold and cached),
// renderer memory with the series loaded, and ten open/close cycles.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { findSeries, importThroughApi, startWebHost, type OpenableSeries, type WebHost } from './app.ts';
import { bareSession, BARE_OUT, buildBarePage } from './barePage.ts';
import type { Browser } from '@playwright/test';
import { launchBrowser } from './browser.ts';
import { chestCtFolder, CT_SMALL, freshDir, type BenchContext } from './context.ts';
import { missing } from './machine.ts';
import { memoryRows, type HostMemory } from './memory.ts';
import { precisSession, type FirstImageSplit, type ViewerSession } from './precisPage.ts';
import type { FrameBreakdown } from './frameTrace.ts';
import { bareRawMemory, precisRawMemory, type RawMemory } from './rawMemory.ts';
import type { Row } from './report.ts';
import { kbToMb, log, median, procStatusKb } from './stats.ts';
import { startStaticServer } from './staticServer.ts';

const CYCLES = 10;

interface RunResult {
  precis: ViewerSession;
  bare: ViewerSession;
  host: HostMemory;
  /** Renderer memory with the series loaded, measured without Playwright (rawMemory.ts). */
  raw: { precis: RawMemory; bare: RawMemory };
  /** The same series re-encoded as 12-bit JPEG Extended, in Precis (null: not measured). */
  jpeg: ViewerSession | null;
}

/**
 * The chest CT re-encoded as 12-bit JPEG Extended (process 2/4, lossy; `dcmcjpeg +ee`, a new SOP
 * Instance UID per file, the same series): files Cornerstone3D decodes off by 16, so the app decodes
 * them itself (GDCM in a child process, /frames/). Null when DCMTK is missing.
 */
function jpegFolderOf(ctx: BenchContext, folder: string): string | null {
  const dcmcjpeg = ctx.references.dcmtk.command.replace(/dcmdump$/, 'dcmcjpeg');
  if (!ctx.references.dcmtk.available) return null;
  const out = freshDir(ctx, 'jpeg12');
  let encoded = 0;
  for (const name of readdirSync(folder)) {
    // Files that are not DICOM images (the folder's README) fail here and are left out.
    if (spawnSync(dcmcjpeg, ['+ee', join(folder, name), join(out, name)]).status === 0) encoded++;
  }
  log(`12-bit JPEG: ${encoded} files re-encoded with dcmcjpeg +ee`);
  return encoded > 0 ? out : null;
}

/** The JPEG series in Precis, on a web host of its own (its series UID is the original's). */
async function jpegRun(ctx: BenchContext, jpegFolder: string, slices: number): Promise<ViewerSession> {
  const host = await startWebHost(ctx);
  try {
    await importThroughApi(host, [jpegFolder, CT_SMALL]);
    const ct = await findSeries(host, slices);
    const other = await findSeries(host, 1);
    return await inFreshBrowser((browser) => precisSession(browser, host, ct, other, 1));
  } finally {
    await host.stop();
  }
}

/** The series' files as the bare page gets them: the original bytes, downloaded once from the web host
 *  (its store is encrypted) into a scratch folder. */
export async function storedFiles(host: WebHost, series: OpenableSeries, folder: string): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  for (const [index, instance] of series.instances.entries()) {
    const response = await fetch(`${host.origin}/dicom/${encodeURIComponent(instance.caseId)}/${encodeURIComponent(instance.SOPInstanceUID)}`, { headers: { 'x-precis-session': host.session } });
    if (!response.ok) throw new Error(`downloading ${instance.SOPInstanceUID} for the bare page: ${response.status}`);
    const file = join(folder, String(index));
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    files.push(file);
  }
  return files;
}

export async function inFreshBrowser<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

/** The bare page's canvas takes the size of the app's viewport, measured in the first run (Precis goes first). */
const DEFAULT_SIZE = { width: 700, height: 660 };

async function oneRun(ctx: BenchContext, folder: string, slices: number, precisFirst: boolean, size: ViewerSession['size'] | null, jpegFolder: string | null): Promise<RunResult> {
  const result = await plainRun(ctx, folder, slices, precisFirst, size);
  return { ...result, jpeg: jpegFolder ? await jpegRun(ctx, jpegFolder, slices) : null };
}

async function plainRun(ctx: BenchContext, folder: string, slices: number, precisFirst: boolean, size: ViewerSession['size'] | null): Promise<Omit<RunResult, 'jpeg'>> {
  const host = await startWebHost(ctx);
  try {
    const before = procStatusKb(host.pid);
    await importThroughApi(host, [folder, CT_SMALL]);
    const after = procStatusKb(host.pid);
    const hostMemory: HostMemory = { beforeMb: kbToMb(before?.VmRSS ?? 0), afterMb: kbToMb(after?.VmRSS ?? 0), peakMb: kbToMb(after?.VmHWM ?? 0) };
    const ct = await findSeries(host, slices);
    const other = await findSeries(host, 1);
    // The bare page gets the very files the web host serves, in the viewer's display order.
    const files = new Map<string, string>();
    (await storedFiles(host, ct, freshDir(ctx, 'bare-ct'))).forEach((file, i) => files.set(`ct-${i}`, file));
    (await storedFiles(host, other, freshDir(ctx, 'bare-other'))).forEach((file, i) => files.set(`other-${i}`, file));
    const server = await startStaticServer(BARE_OUT, files);
    try {
      const ids = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `wadouri:${server.origin}/dicom/${prefix}-${i}`);
      const stack = { origin: server.origin, ct: ids('ct', ct.instances.length), other: ids('other', other.instances.length) };
      const runPrecis = (): Promise<ViewerSession> => inFreshBrowser((browser) => precisSession(browser, host, ct, other, CYCLES));
      const runBare = (canvas: ViewerSession['size']): Promise<ViewerSession> => inFreshBrowser((browser) => bareSession(browser, stack, canvas, CYCLES));
      // Alternate which page goes first, so that neither always runs right after the import.
      let precis: ViewerSession;
      let bare: ViewerSession;
      if (precisFirst) {
        precis = await runPrecis();
        bare = await runBare(precis.size);
      } else {
        bare = await runBare(size ?? DEFAULT_SIZE);
        precis = await runPrecis();
      }
      // Same pages, same order, without Playwright's network agent (which keeps every response body).
      const raw = precisFirst
        ? { precis: await precisRawMemory(host, ct), bare: await bareRawMemory(stack, precis.size) }
        : { bare: await bareRawMemory(stack, precis.size), precis: await precisRawMemory(host, ct) };
      return { precis, bare, host: hostMemory, raw };
    } finally {
      await server.close();
    }
  } finally {
    await host.stop();
  }
}

/** Steps per second over a pass through n images (n - 1 steps). */
const perSecond = (n: number, ms: number): number => ((n - 1) * 1000) / ms;

function viewerRows(results: RunResult[], n: number, noReference?: string): Row[] {
  const extra = noReference ? { noReference } : {};
  const label = `chest CT${n === 275 ? '' : ` (quick: ${n} slices)`}`;
  return [
    {
      id: 'viewer.first-image',
      item: `Time to first image, ${label}`,
      unit: 'ms',
      precisRuns: results.map((r) => r.precis.firstImageMs),
      referenceRuns: results.map((r) => r.bare.firstImageMs),
      referenceLabel: 'bare Cornerstone3D page',
      goal: { kind: 'ratioAtMost', limit: 1.2, text: '<= 1.2x bare page' },
      details: { precisSplit: results.map((r) => r.precis.firstImageSplit) },
      missedBecause: firstImageWhy(results),
      ...extra,
    },
    worstFirstImageRow(results, label, extra),
    {
      id: 'viewer.scroll-cold',
      item: `Scrolling, first pass (cold), ${label}`,
      unit: 'images/s',
      precisRuns: results.map((r) => perSecond(n, r.precis.coldMs)),
      referenceRuns: results.map((r) => perSecond(n, r.bare.coldMs)),
      referenceLabel: 'bare Cornerstone3D page',
      goal: { kind: 'ratioAtLeast', limit: 0.9, text: '>= 0.9x bare page' },
      ...extra,
    },
    {
      id: 'viewer.scroll-cached',
      item: `Scrolling, second pass (cached), ${label}`,
      unit: 'images/s',
      precisRuns: results.map((r) => perSecond(n, r.precis.cachedMs)),
      referenceRuns: results.map((r) => perSecond(n, r.bare.cachedMs)),
      referenceLabel: 'bare Cornerstone3D page',
      goal: { kind: 'ratioAtLeast', limit: 0.9, text: '>= 0.9x bare page' },
      details: { precisFrames: results.map((r) => r.precis.frames), bareFrames: results.map((r) => r.bare.frames) },
      missedBecause: framesWhy(results),
      ...extra,
    },
  ];
}

/** Precis' first image split at its file's request (medians over the runs given). */
function firstImageWhy(results: RunResult[]): string {
  const of = (key: keyof FirstImageSplit): string => `${(median(results.flatMap((r) => (r.precis.firstImageSplit ? [r.precis.firstImageSplit[key]] : []))) ?? Number.NaN).toFixed(0)} ms`;
  return `Precis' ${(median(results.map((r) => r.precis.firstImageMs)) ?? Number.NaN).toFixed(0)} ms from the click = ${of('beforeFileMs')} before the first file is asked for (opening the patient: the study, series and instance listings, ${of('apiMs')} of API requests, audited in the case) + ${of('fileMs')} for the file (decrypted as it streams) + ${of('afterFileMs')} to parse, decode and draw it; the bare page starts with the file's URL in hand (${(median(results.map((r) => r.bare.firstImageMs)) ?? Number.NaN).toFixed(0)} ms).`;
}

/** The traced extra cached pass of each page, per image (medians over the runs). */
function framesWhy(results: RunResult[]): string {
  const of = (page: 'precis' | 'bare', key: keyof FrameBreakdown): string => `${(median(results.flatMap((r) => (r[page].frames ? [r[page].frames[key]] : []))) ?? Number.NaN).toFixed(1)} ms`;
  return `in a traced extra cached pass, per image: Precis ${of('precis', 'perImageMs')} of which ${of('precis', 'animationFrameMs')} in animation-frame callbacks (Cornerstone's render and its copy onto the canvas, the tools' annotation layer), ${of('precis', 'layoutPaintMs')} style, layout, paint and commit (overlay text, slider, the page around the viewport) and ${of('precis', 'eventDispatchMs')} dispatching the key press; the bare page ${of('bare', 'perImageMs')} of which ${of('bare', 'animationFrameMs')}, ${of('bare', 'layoutPaintMs')} and ${of('bare', 'eventDispatchMs')} (it calls setImageIdIndex directly and has no overlays, tools or page around its canvas).`;
}

/** The run where Precis' first image was slowest against the bare page of that same run (pages are
 *  interleaved run by run: each run alternates which goes first). */
function worstFirstImageRow(results: RunResult[], label: string, extra: { noReference?: string }): Row {
  const ratio = (r: RunResult): number => r.precis.firstImageMs / r.bare.firstImageMs;
  const worst = results.reduce<RunResult | null>((w, r) => (w === null || ratio(r) > ratio(w) ? r : w), null);
  return {
    id: 'viewer.first-image.worst-run',
    item: `Time to first image, worst run (of ${results.length}), ${label}`,
    unit: 'ms',
    precisRuns: worst ? [worst.precis.firstImageMs] : [],
    referenceRuns: worst ? [worst.bare.firstImageMs] : [],
    referenceLabel: 'bare Cornerstone3D page, same run',
    goal: { kind: 'ratioAtMost', limit: 1.4, text: '<= 1.4x bare page' },
    details: { ratios: results.map(ratio) },
    missedBecause: worst ? firstImageWhy([worst]) : undefined,
    ...extra,
  };
}

const ms = (values: number[]): string => `${(median(values) ?? Number.NaN).toFixed(0)} ms`;

/** Item 5: the 12-bit JPEG series against the same series uncompressed, both in Precis, same run. */
function jpegRows(results: RunResult[], n: number, noReference?: string): Row[] {
  const measured = results.filter((r): r is RunResult & { jpeg: ViewerSession } => r.jpeg !== null);
  const extra = noReference || (results.length > 0 && measured.length === 0) ? { noReference: noReference ?? 'dcmtk missing (sudo apt-get install -y dcmtk)' } : {};
  const label = `chest CT as 12-bit JPEG Extended (dcmcjpeg +ee)${n === 275 ? '' : ` (quick: ${n} slices)`}`;
  const reference = 'the same series uncompressed, Precis, same run';
  return [
    {
      id: 'viewer.jpeg12.first-image',
      item: `Time to first image, ${label}`,
      unit: 'ms',
      precisRuns: measured.map((r) => r.jpeg.firstImageMs),
      referenceRuns: measured.map((r) => r.precis.firstImageMs),
      referenceLabel: reference,
      goal: { kind: 'ratioAtMost', limit: 1.5, text: '<= 1.5x uncompressed' },
      details: { firstFileRequestMs: measured.map((r) => r.jpeg.firstFileRequestMs), firstFrameRequestMs: measured.map((r) => r.jpeg.firstFrameRequestMs) },
      missedBecause: `the first image's decoded frame (GET /frames/: decrypt, GDCM decode in the decoder's child process, send) took ${ms(measured.map((r) => r.jpeg.firstFrameRequestMs ?? Number.NaN))} and its file (GET /dicom/, asked for at the same time) ${ms(measured.map((r) => r.jpeg.firstFileRequestMs ?? Number.NaN))}; the uncompressed series' first file took ${ms(measured.map((r) => r.precis.firstFileRequestMs ?? Number.NaN))}, and Cornerstone decodes it in the page.`,
      ...extra,
    },
    {
      id: 'viewer.jpeg12.scroll-cold',
      item: `Scrolling, first pass (cold), ${label}`,
      unit: 'images/s',
      precisRuns: measured.map((r) => perSecond(n, r.jpeg.coldMs)),
      referenceRuns: measured.map((r) => perSecond(n, r.precis.coldMs)),
      referenceLabel: reference,
      goal: { kind: 'ratioAtLeast', limit: 1 / 1.5, text: '>= 0.67x uncompressed (1/1.5)' },
      missedBecause: `over the cold pass, each image's decoded frame (GET /frames/: decrypt, GDCM decode in the decoder's child process, send) took a median ${ms(measured.map((r) => r.jpeg.medianFrameRequestMs ?? Number.NaN))}, against ${ms(measured.map((r) => r.precis.medianFileRequestMs ?? Number.NaN))} for an uncompressed file (GET /dicom/), which Cornerstone then decodes in the page.`,
      ...extra,
    },
    {
      id: 'viewer.jpeg12.scroll-cached',
      item: `Scrolling, second pass (cached), ${label}`,
      unit: 'images/s',
      precisRuns: measured.map((r) => perSecond(n, r.jpeg.cachedMs)),
      referenceRuns: measured.map((r) => perSecond(n, r.precis.cachedMs)),
      referenceLabel: reference,
      goal: { kind: 'ratioAtLeast', limit: 1 / 1.5, text: '>= 0.67x uncompressed (1/1.5)' },
      ...extra,
    },
  ];
}

export async function benchViewer(ctx: BenchContext): Promise<Row[]> {
  const { folder, slices } = chestCtFolder(ctx);
  const chromium = ctx.references.chromium;
  if (!chromium.available) {
    // Precis itself runs in Chromium here: without it neither column can be measured.
    const reason = missing('chromium', chromium);
    return [...viewerRows([], slices, reason), ...jpegRows([], slices, reason), ...memoryRows([], slices, reason)];
  }
  await buildBarePage();
  const jpegFolder = jpegFolderOf(ctx, folder);
  const results: RunResult[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const result = await oneRun(ctx, folder, slices, run % 2 === 0, results[0]?.precis.size ?? null, jpegFolder);
    results.push(result);
    const { precis: p, bare: b } = result;
    log(`viewer run ${run + 1}/${ctx.runs}: first image ${p.firstImageMs.toFixed(0)} / ${b.firstImageMs.toFixed(0)} ms, ` +
      `scroll ${perSecond(slices, p.coldMs).toFixed(1)} / ${perSecond(slices, b.coldMs).toFixed(1)} cold, ` +
      `${perSecond(slices, p.cachedMs).toFixed(1)} / ${perSecond(slices, b.cachedMs).toFixed(1)} cached images/s, ` +
      `renderer ${p.loaded.rendererMb.toFixed(0)} / ${b.loaded.rendererMb.toFixed(0)} MB, ` +
      `without Playwright ${result.raw.precis.rendererMb.toFixed(0)} / ${result.raw.bare.rendererMb.toFixed(0)} MB (Precis / bare)`);
    const j = result.jpeg;
    if (j) log(`viewer run ${run + 1}/${ctx.runs}, 12-bit JPEG: first image ${j.firstImageMs.toFixed(0)} ms, scroll ${perSecond(slices, j.coldMs).toFixed(1)} cold, ${perSecond(slices, j.cachedMs).toFixed(1)} cached images/s`);
  }
  return [...viewerRows(results, slices), ...jpegRows(results, slices), ...memoryRows(results, slices)];
}
