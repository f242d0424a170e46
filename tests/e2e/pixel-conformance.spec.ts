// What the viewer renders from, file by file, against DCMTK/GDCM: every file of pydicom's test files and
// Cornerstone3D's test images is imported into the app (import.start) and each image is loaded through
// its stable precis: id, so the app's own route, loader and decoder choice (Cornerstone3D's decoders,
// or GDCM through /frames/ where Cornerstone3D is wrong) are what is tested. Lossless syntaxes must
// match exactly, lossy ones within LOSSY_TOLERANCE. If this fails, a user would see wrong pixel values
// (HU, dose, colour) on screen. Refused files must carry a reason, and only where the references
// themselves disagree or the file holds no image.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ImportReport, InstanceSummary, PatientPage, SeriesSummary, StudySummary } from '../../preload/api.ts';
import { readDicomHeader } from '../../main/dicom/headers.ts';
import { transferSyntaxName } from '../../main/dicom/transferSyntax.ts';
import { referenceDecode, type ReferenceImage } from './referenceDecoder.ts';
import { ARTIFACTS, SHARED_DATA, startApp, type RunningApp } from './webHost.ts';

const PYDICOM = join(SHARED_DATA, 'dicom', 'pydicom-2.3.1', 'test_files');
const CORNERSTONE = join(SHARED_DATA, 'dicom', 'cornerstone3d-testimages');
const FILES = [
  ...readdirSync(PYDICOM).filter((f) => f.endsWith('.dcm')).map((f) => join(PYDICOM, f)),
  ...readdirSync(CORNERSTONE).map((f) => join(CORNERSTONE, f)),
];
const LOSSY = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.91']);
const LOSSY_TOLERANCE = 2;
/** YBR_FULL_422 to RGB is arithmetic with rounding: GDCM and DCMTK (dcm2pnm) differ by 1 on some samples. */
const YBR_TO_RGB_TOLERANCE = 1;
/** dcmdjpeg's colour option where the notes name it the visually right answer (labelled RGB, data YCbCr). */
const REFERENCE_OPTION: Record<string, string> = { 'SC_rgb_jpeg_lossy_gdcm.dcm': '+cl' };
/** Refused on purpose: the reference decoders disagree (the notes), so no answer is known to be right. */
const REFERENCES_DISAGREE = new Set(['J2K_pixelrep_mismatch.dcm', 'SC_rgb_rle_16bit.dcm', 'SC_rgb_rle_16bit_2frame.dcm', 'SC_rgb_rle_32bit.dcm', 'SC_rgb_rle_32bit_2frame.dcm']);

interface Decoded {
  rows: number;
  columns: number;
  scaled: boolean;
  slope: number;
  intercept: number;
  pixels: number[];
}

function compare(decoded: Decoded, ref: ReferenceImage): { maxDiff: number; differing: number } {
  const spp = ref.samplesPerPixel;
  const n = ref.rows * ref.columns;
  // Colour may come back as RGBA: drop alpha.
  const stride = decoded.pixels.length === n * 4 && spp === 3 ? 4 : spp;
  let maxDiff = 0;
  let differing = 0;
  for (let p = 0; p < n; p++) {
    for (let s = 0; s < spp; s++) {
      const stored = ref.values[p * spp + s] ?? 0;
      const expected = decoded.scaled ? stored * ref.slope + ref.intercept : stored;
      const diff = Math.abs((decoded.pixels[p * stride + s] ?? Number.NaN) - expected);
      if (!(diff <= 1e-3)) differing++;
      if (!(diff <= maxDiff)) maxDiff = Number.isNaN(diff) ? Infinity : diff;
    }
  }
  return { maxDiff, differing };
}

interface Entry {
  path: string;
  sop: string;
  ts: string;
  photometric: string;
}

/** Batches whose SOP Instance UIDs are unique (the same image in other transfer syntaxes would be a conflict). */
function batches(entries: Entry[]): Entry[][] {
  const out: Array<{ sops: Set<string>; entries: Entry[] }> = [];
  for (const entry of entries) {
    let batch = out.find((b) => !b.sops.has(entry.sop));
    if (!batch) out.push((batch = { sops: new Set(), entries: [] }));
    batch.sops.add(entry.sop);
    batch.entries.push(entry);
  }
  return out.map((b) => b.entries);
}

/** Every stored instance by SOP Instance UID, and the cases with their Patient IDs (to erase them). */
async function storedInstances(app: RunningApp): Promise<{ bySop: Map<string, InstanceSummary>; cases: Array<[string, string]> }> {
  const bySop = new Map<string, InstanceSummary>();
  const page = await app.call<PatientPage>('patients.search', { limit: 1000 });
  for (const patient of page.items) {
    for (const study of await app.call<StudySummary[]>('studies.list', { caseId: patient.caseId })) {
      for (const series of await app.call<SeriesSummary[]>('series.list', { caseId: patient.caseId, StudyInstanceUID: study.StudyInstanceUID })) {
        const instances = await app.call<InstanceSummary[]>('series.instances', { caseId: patient.caseId, SeriesInstanceUID: series.SeriesInstanceUID });
        for (const instance of instances) bySop.set(instance.SOPInstanceUID, instance);
      }
    }
  }
  return { bySop, cases: page.items.map((p) => [p.caseId, p.PatientID]) };
}

const decodeIn = (page: Page, id: string): Promise<Decoded | { error: string }> =>
  page.evaluate(
    (imageId) => (window as unknown as { precisDiagnostics: { decode(id: string): Promise<Decoded> } }).precisDiagnostics.decode(imageId).catch((e: unknown) => ({ error: String((e as Error)?.message ?? e) })),
    id,
  );

let app: RunningApp;
test.beforeAll(async () => {
  app = await startApp({ importRoots: [PYDICOM, CORNERSTONE] });
});
test.afterAll(async () => app?.stop());

test('every decodable test image is shown with the pixels DCMTK/GDCM decode', async ({ page }) => {
  test.setTimeout(900_000);
  const rows: string[] = ['| file | transfer syntax | outcome |', '|---|---|---|'];
  const failures: string[] = [];
  const syntaxesExact = new Set<string>();
  const counts = { exact: 0, within: 0, refused: 0, differing: 0, notImage: 0 };
  const entries: Entry[] = [];
  for (const path of FILES) {
    const header = await readDicomHeader(path).catch(() => null);
    if (!header) {
      rows.push(`| ${basename(path)} | — | not importable (header unreadable) |`);
      counts.notImage++;
    } else entries.push({ path, sop: header.instance.SOPInstanceUID, ts: header.instance.TransferSyntaxUID, photometric: header.instance.PhotometricInterpretation });
  }
  for (const batch of batches(entries)) {
    const { jobId } = await app.call<{ jobId: string }>('import.start', { paths: batch.map((e) => e.path) });
    await expect.poll(async () => (await app.call<{ state: string }>('jobs.get', { jobId })).state, { timeout: 120_000 }).toBe('done');
    const report = (await app.call<{ report: ImportReport }>('jobs.get', { jobId })).report;
    const importProblem = new Map([...report.failed, ...report.conflicts].map((f) => [basename(f.path), `${f.code}: ${f.reason}`]));
    const { bySop, cases } = await storedInstances(app);
    // A fresh page per batch: nothing cached from the previous batch's images.
    await page.goto(`${app.url}&diagnostics=1`);
    await page.waitForFunction(() => 'precisDiagnostics' in window);
    for (const { path, sop, ts, photometric } of batch) {
      const name = basename(path);
      const syntax = transferSyntaxName(ts);
      const instance = bySop.get(sop);
      if (!instance) {
        rows.push(`| ${name} | ${syntax} | not imported (${importProblem.get(name) ?? 'no reason reported'}) |`);
        counts.notImage++;
        continue;
      }
      if (!instance.displayable) {
        expect(instance.reason, `${name} is refused with a reason`).toBeTruthy();
        rows.push(`| ${name} | ${syntax} | refused: ${instance.reason} |`);
        if (/no image/.test(instance.reason ?? '')) counts.notImage++;
        else counts.refused++;
        if (!REFERENCES_DISAGREE.has(name) && !/no image/.test(instance.reason ?? '')) failures.push(`${name}: refused although the references agree: ${instance.reason}`);
        continue;
      }
      if (REFERENCES_DISAGREE.has(name)) failures.push(`${name}: shown although DCMTK and GDCM disagree on it`);
      let ref: ReferenceImage;
      try {
        ref = referenceDecode(path, ts, photometric, REFERENCE_OPTION[name]);
      } catch (error) {
        rows.push(`| ${name} | ${syntax} | no reference (${String((error as Error).message).split('\n')[0]}) |`);
        continue;
      }
      const decoded = await decodeIn(page, `precis:${encodeURIComponent(instance.caseId)}/${encodeURIComponent(sop)}/1`);
      if ('error' in decoded) {
        failures.push(`${name}: the viewer failed to decode a file it accepts: ${decoded.error}`);
        rows.push(`| ${name} | ${syntax} | DECODE FAILED: ${decoded.error} |`);
        counts.differing++;
        continue;
      }
      const { maxDiff, differing } = compare(decoded, ref);
      const tolerance = LOSSY.has(ts) ? LOSSY_TOLERANCE : photometric.startsWith('YBR_FULL_422') ? YBR_TO_RGB_TOLERANCE : 0;
      const exact = maxDiff < 1e-3;
      const within = maxDiff <= tolerance + 1e-3;
      const outcome = exact ? 'exact' : within ? `within ${tolerance} (max ${maxDiff})` : `differs: max ${maxDiff}, ${differing} values`;
      rows.push(`| ${name} | ${syntax} | ${outcome} vs ${ref.tool} |`);
      if (exact) syntaxesExact.add(ts);
      if (exact) counts.exact++;
      else if (within) counts.within++;
      else {
        counts.differing++;
        failures.push(`${name} (${syntax}): ${outcome} vs ${ref.tool}`);
      }
    }
    // A patient without an ID is confirmed by its case id (caseErase.ts).
    for (const [caseId, patientId] of cases) await app.call('case.erase', { caseId, confirmPatientId: patientId.trim() || caseId });
  }
  rows.push('', `exact ${counts.exact}, within tolerance ${counts.within}, refused ${counts.refused}, differing ${counts.differing}, no image/not importable ${counts.notImage}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'pixel-conformance.md'), `${rows.join('\n')}\n`);
  expect(failures).toEqual([]);
  // Every syntax the viewer shows must have matched its reference exactly at least once.
  for (const ts of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.5',
    '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55', '1.2.840.10008.1.2.4.57',
    '1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']) {
    expect(syntaxesExact.has(ts), `${transferSyntaxName(ts)} matched the reference exactly on at least one file`).toBe(true);
  }
});
