// Issue 13, item 10, annotations: 1,000 Length measurements on the chest CT's images saved one at a
// time through the web host's API (annotations.save, as the viewer saves each one as it rests), then
// restored: annotations.list of the case, and in the page the time from a click on the patient's row to
// the Measurements panel listing all of them (the page lists them with its own annotations.list and puts
// each on its image). There is no reference tool for these: the rows are information.
// --quick: 100 measurements on 20 slices.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { AnnotationInput, AnnotationRecord, InstanceSummary, PatientPoint } from '../../preload/api.ts';
import { findSeries, importThroughApi, startWebHost, type OpenableSeries, type WebHost } from './app.ts';
import { newPage } from './browser.ts';
import { chestCtFolder, type BenchContext } from './context.ts';
import { missing } from './machine.ts';
import type { Row } from './report.ts';
import { log, median } from './stats.ts';
import { inFreshBrowser } from './viewer.ts';

const COUNT = 1_000;
const QUICK_COUNT = 100;

// Plain JavaScript evaluated in the page (no eval under the app's CSP): clicks the patient's row and
// resolves once the Measurements panel lists `count` rows, with the page's annotations.list request.
const RESTORE_HELPER = `(() => {
  window.__restore = (patientId, count) => new Promise((resolve, reject) => {
    performance.setResourceTimingBufferSize(100000);
    const row = [...document.querySelectorAll('[data-testid="patient-row"]')].find((r) => (r.textContent || '').includes(patientId));
    if (!row) { reject(new Error('no patient row for ' + patientId)); return; }
    let observer = null;
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(count + ' measurement rows not listed within 120 s')); }, 120000);
    const started = performance.now();
    const check = () => {
      if (document.querySelectorAll('[data-testid="measurement-row"]').length < count) return;
      const now = performance.now();
      observer.disconnect(); clearTimeout(timer);
      const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/annotations.list') && e.startTime >= started);
      resolve({ ms: now - started, listStartMs: list ? list.startTime - started : null, listMs: list ? list.duration : null });
    };
    observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true });
    row.click();
    check();
  });
})()`;

interface PageRestore {
  /** Click on the patient's row to `count` measurement rows, ms. */
  ms: number;
  /** The page's annotations.list request: when it started after the click, and how long it took (ms). */
  listStartMs: number | null;
  listMs: number | null;
}

interface AnnotationRun {
  saveMs: number;
  listMs: number;
  page: PageRestore;
}

const add = (a: readonly number[], b: readonly number[], k: number): PatientPoint => [0, 1, 2].map((i) => (a[i] ?? 0) + k * (b[i] ?? 0)) as PatientPoint;
const cross = (a: readonly number[], b: readonly number[]): PatientPoint => [
  (a[1] ?? 0) * (b[2] ?? 0) - (a[2] ?? 0) * (b[1] ?? 0),
  (a[2] ?? 0) * (b[0] ?? 0) - (a[0] ?? 0) * (b[2] ?? 0),
  (a[0] ?? 0) * (b[1] ?? 0) - (a[1] ?? 0) * (b[0] ?? 0),
];

/** A Length measurement between two pixels (column, row; 0-based) of an image, in patient mm. */
function lengthOn(instance: InstanceSummary, from: [number, number], to: [number, number], frameOfReference: string): AnnotationInput {
  const o = instance.ImageOrientationPatient ?? [1, 0, 0, 0, 1, 0];
  const rowDirection = o.slice(0, 3);
  const columnDirection = o.slice(3, 6);
  // PixelSpacing: between rows (along the column direction), then between columns (along the row direction).
  const [betweenRows, betweenColumns] = instance.PixelSpacing ?? [1, 1];
  const at = ([c, r]: [number, number]): PatientPoint => add(add(instance.ImagePositionPatient ?? [0, 0, 0], rowDirection, c * betweenColumns), columnDirection, r * betweenRows);
  const points = [at(from), at(to)];
  const length = Math.hypot(...[0, 1, 2].map((k) => (points[1]?.[k] ?? 0) - (points[0]?.[k] ?? 0)));
  return {
    annotationUID: randomUUID(),
    tool: 'Length',
    SOPInstanceUID: instance.SOPInstanceUID,
    frame: 1,
    SeriesInstanceUID: instance.SeriesInstanceUID,
    FrameOfReferenceUID: frameOfReference,
    points,
    geometry: { viewPlaneNormal: cross(rowDirection, columnDirection), viewUp: columnDirection.map((v) => -v) as PatientPoint },
    label: '',
    stats: { length, lengthUnit: 'mm' },
  };
}

/** `count` lengths spread over the series' images (a few per image), at varied places and sizes. */
export function lengthsOn(instances: readonly InstanceSummary[], count: number, frameOfReference: string): AnnotationInput[] {
  return Array.from({ length: count }, (_, i) => {
    const instance = instances[i % instances.length] as InstanceSummary;
    const from: [number, number] = [100 + ((i * 37) % 300), 100 + ((i * 53) % 300)];
    return lengthOn(instance, from, [from[0] + 10 + (i % 60), from[1] + 5 + (i % 25)], frameOfReference);
  });
}

function frameOfReferenceIn(folder: string): string {
  const file = readdirSync(folder).filter((f) => f.endsWith('.dcm')).sort()[0];
  if (!file) throw new Error(`no DICOM file in ${folder}`);
  const data = dicomParser.parseDicom(new Uint8Array(readFileSync(join(folder, file))), { untilTag: 'x7fe00010' });
  const uid = data.string('x00200052');
  if (!uid) throw new Error(`${file} has no FrameOfReferenceUID`);
  return uid;
}

async function restoreInPage(host: WebHost, ct: OpenableSeries, count: number): Promise<PageRestore> {
  return inFreshBrowser(async (browser) => {
    const page = await newPage(browser);
    await page.goto(host.url);
    await page.getByTestId('patient-row').first().waitFor();
    // The Measurements tab is chosen first: the click on the patient is then all that is timed.
    await page.getByTestId('panel-tab-measurements').click();
    await page.evaluate(RESTORE_HELPER);
    const restored = (await page.evaluate(`window.__restore(${JSON.stringify(ct.patient.PatientID)}, ${count})`)) as PageRestore;
    await page.close();
    return restored;
  });
}

async function oneRun(ctx: BenchContext, folder: string, slices: number, count: number, frameOfReference: string): Promise<AnnotationRun> {
  const host = await startWebHost(ctx);
  try {
    await importThroughApi(host, [folder]);
    const ct = await findSeries(host, slices);
    const { caseId } = ct.patient;
    const inputs = lengthsOn(ct.instances, count, frameOfReference);
    let started = performance.now();
    for (const annotation of inputs) await host.call('annotations.save', { caseId, annotation });
    const saveMs = performance.now() - started;
    started = performance.now();
    const listed = await host.call<AnnotationRecord[]>('annotations.list', { caseId });
    const listMs = performance.now() - started;
    if (listed.length !== count) throw new Error(`annotations.list gave ${listed.length} of the ${count} saved`);
    return { saveMs, listMs, page: await restoreInPage(host, ct, count) };
  } finally {
    await host.stop();
  }
}

function annotationRows(results: AnnotationRun[], count: number, noReference?: string): Row[] {
  const n = count.toLocaleString('en');
  const extra = noReference ? { noReference } : {};
  const ms = (values: Array<number | null>): string => `${(median(values.filter((v): v is number => v !== null)) ?? Number.NaN).toFixed(0)} ms`;
  const noTool = 'no reference tool';
  return [
    {
      id: 'annotations.save',
      item: `${n} annotations: save (${n} sequential annotations.save calls through the web host's API)`,
      unit: 'ms',
      precisRuns: results.map((r) => r.saveMs),
      referenceRuns: [],
      referenceLabel: noTool,
      goal: { kind: 'info', text: `(information, no reference tool: ${((median(results.map((r) => r.saveMs)) ?? Number.NaN) / count).toFixed(2)} ms per annotation)` },
      ...extra,
    },
    {
      id: 'annotations.restore.list',
      item: `${n} annotations: restore, annotations.list of the case through the API`,
      unit: 'ms',
      precisRuns: results.map((r) => r.listMs),
      referenceRuns: [],
      referenceLabel: noTool,
      goal: { kind: 'info', text: '(information, no reference tool)' },
      ...extra,
    },
    {
      id: 'annotations.restore.panel',
      item: `${n} annotations: restore, click on the patient to ${n} rows in the Measurements panel`,
      unit: 'ms',
      precisRuns: results.map((r) => r.page.ms),
      referenceRuns: [],
      referenceLabel: noTool,
      goal: { kind: 'info', text: `(information, no reference tool: the page's annotations.list took ${ms(results.map((r) => r.page.listMs))} of it, from ${ms(results.map((r) => r.page.listStartMs))} after the click)` },
      details: { page: results.map((r) => r.page) },
      ...extra,
    },
  ];
}

export async function benchAnnotations(ctx: BenchContext): Promise<Row[]> {
  const count = ctx.quick ? QUICK_COUNT : COUNT;
  const chromium = ctx.references.chromium;
  if (!chromium.available) return annotationRows([], count, missing('chromium', chromium));
  const { folder, slices } = chestCtFolder(ctx);
  const frameOfReference = frameOfReferenceIn(folder);
  const results: AnnotationRun[] = [];
  for (let run = 0; run < ctx.runs; run++) {
    const result = await oneRun(ctx, folder, slices, count, frameOfReference);
    results.push(result);
    log(`annotations run ${run + 1}/${ctx.runs}: ${count} saves ${result.saveMs.toFixed(0)} ms (${(result.saveMs / count).toFixed(2)} ms each), ` +
      `list ${result.listMs.toFixed(0)} ms, click to ${count} rows ${result.page.ms.toFixed(0)} ms (its list request ${result.page.listMs?.toFixed(0) ?? '?'} ms)`);
  }
  return annotationRows(results, count);
}
