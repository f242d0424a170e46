// Item `ai-scroll` (issue 14: "the UI stays usable during a run"): the chest CT open in the real
// renderer (web host, Chromium), scrolled through once so that its images are decoded and cached, then
// the cached scroll rate (images/s, the viewer item's page clock: ArrowDown to "rendered" with the next
// image in the overlay; passes of 40 images from the first) at rest against the same passes, repeated
// while ct-lung-emphysema runs on the same series in the analyze job's child process. Only passes that
// end before the run does count; a run that ends before one pass is over leaves no figure for that run.
// Goal: at least 0.8x the rate at rest.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { JobStatus } from '../../preload/api.ts';
import { findSeries, importThroughApi, startWebHost, type WebHost } from './app.ts';
import { newPage } from './browser.ts';
import { CHEST_CT, freshDir, REPO_ROOT, subsetFolder, type BenchContext } from './context.ts';
import { PAGE_HELPER } from './precisPage.ts';
import type { Row } from './report.ts';
import { inFreshBrowser } from './viewer.ts';
import { log, median } from './stats.ts';

const MODEL = 'ct-lung-emphysema';
const QUICK_SLICES = 32;
/** Images per pass: short, so that several passes end within a run (the whole chest CT's run takes
 *  about as long as one cached pass through its 275 images on a quiet machine). */
const PASS = 40;
/** --quick: the crop's run lasts a few seconds. */
const QUICK_PASS = 8;
/** Passes measured at rest; during a run, as many as end before it does. */
const PASSES = 3;

interface ScrollRun {
  restPerSecond: number[];
  duringRunPerSecond: number[];
}

const perSecond = (images: number, ms: number): number => (images / ms) * 1000;

async function jobState(host: WebHost, jobId: string): Promise<JobStatus['state']> {
  const status = await host.call<JobStatus>('jobs.get', { jobId });
  if (status.state === 'failed') throw new Error(`the analyze run failed: ${status.error?.message}`);
  return status.state;
}

async function oneRun(ctx: BenchContext, folder: string, slices: number): Promise<ScrollRun> {
  const host = await startWebHost(ctx);
  try {
    await importThroughApi(host, [folder]);
    // models.import reads only under an import root: a copy of the shipped model in the bench's scratch folder.
    const modelCopy = join(freshDir(ctx, 'ai-scroll-model'), MODEL);
    cpSync(join(REPO_ROOT, 'models', MODEL), modelCopy, { recursive: true });
    await host.call('models.import', { path: modelCopy });
    const ct = await findSeries(host, slices);
    const n = ct.instances.length;
    return await inFreshBrowser(async (browser) => {
      const page = await newPage(browser);
      await page.goto(host.url);
      await page.getByTestId('patient-row').first().waitFor();
      await page.evaluate(PAGE_HELPER);
      await page.evaluate(`window.__bench.openPatient(${JSON.stringify(ct.patient.PatientID)}, ${n})`);
      await page.evaluate(`window.__bench.scroll(${n})`); // decodes and caches every image
      const upTo = Math.min(ctx.quick ? QUICK_PASS : PASS, n);
      const pass = async (): Promise<number> => {
        await page.evaluate(`window.__bench.press('Home', 1, ${n})`);
        return perSecond(upTo - 1, await page.evaluate(`window.__bench.scroll(${n}, ${upTo})`) as number);
      };
      const restPerSecond: number[] = [];
      for (let i = 0; i < PASSES; i++) restPerSecond.push(await pass());
      const { jobId } = await host.call<{ jobId: string }>('analyze.start', {
        caseId: ct.patient.caseId, SeriesInstanceUID: ct.series.SeriesInstanceUID, modelId: MODEL, force: false,
      });
      const duringRunPerSecond: number[] = [];
      for (;;) {
        const rate = await pass();
        if ((await jobState(host, jobId)) !== 'running') break;
        duringRunPerSecond.push(rate);
      }
      while ((await jobState(host, jobId)) === 'running') await new Promise((resolve) => setTimeout(resolve, 200));
      const ended = await jobState(host, jobId);
      if (ended !== 'done') throw new Error(`the analyze run ended ${ended}`);
      await page.close();
      return { restPerSecond, duringRunPerSecond };
    });
  } finally {
    await host.stop();
  }
}

/** The files by position along z (the crop must be contiguous slices: the model refuses gaps). */
function inSliceOrder(files: string[]): string[] {
  const z = new Map(files.map((f) => {
    const header = dicomParser.parseDicom(new Uint8Array(readFileSync(f)), { untilTag: 'x7fe00010' });
    return [f, Number((header.string('x00200032') ?? '0\\0\\0').split('\\')[2])];
  }));
  return [...files].sort((a, b) => (z.get(a) as number) - (z.get(b) as number));
}

export async function benchAiScroll(ctx: BenchContext): Promise<Row[]> {
  const all = inSliceOrder(readdirSync(CHEST_CT).filter((f) => f.endsWith('.dcm')).map((f) => join(CHEST_CT, f)));
  const middle = Math.floor((all.length - QUICK_SLICES) / 2);
  const folder = ctx.quick ? subsetFolder(ctx, 'ai-scroll-chest-ct', all.slice(middle, middle + QUICK_SLICES)) : CHEST_CT;
  const slices = ctx.quick ? QUICK_SLICES : all.length;
  const rest: number[] = [];
  const during: number[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const r = await oneRun(ctx, folder, slices);
    log(`ai-scroll run ${run + 1}/${ctx.runs}: cached scroll at rest ${r.restPerSecond.map((v) => v.toFixed(1)).join(', ')} images/s; during the ${MODEL} run ${r.duringRunPerSecond.map((v) => v.toFixed(1)).join(', ') || 'no pass ended before the run'} images/s`);
    if (r.duringRunPerSecond.length > 0) {
      rest.push(median(r.restPerSecond) as number);
      during.push(median(r.duringRunPerSecond) as number);
    }
  }
  if (during.length === 0) throw new Error('no scroll pass ended while the model ran');
  return [{
    id: 'ai-scroll.cached-scroll-during-run',
    item: `AI run: cached scroll rate while ${MODEL} runs on the open series (chest CT, ${slices} slices)`,
    unit: 'images/s',
    precisRuns: during,
    referenceRuns: rest,
    referenceLabel: 'the same scroll at rest (no run)',
    goal: { kind: 'ratioAtLeast', limit: 0.8, text: '>= 0.8x at rest' },
    details: { slices, imagesPerPass: ctx.quick ? QUICK_PASS : PASS, passesAtRest: PASSES },
  }];
}
