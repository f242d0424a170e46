// A DICOM SEG imported with the images it segments becomes labelmaps over them (issue 14, SEG
// interoperability): dcmqi's 3-slice CT with liver.dcm and partial_overlaps.dcm (five overlapping
// segments) through `precis import`; each SEG is kept as mask(s) on the series' grid whose voxels equal
// dcmqi's NRRD labels in patient space (all five overlapping segments, in separate layers), listed on
// /masks/<case>/by-series/<series> with the SEG's colours (what the viewer's labelmap layer asks), with
// provenance 'imported DICOM SEG'; importing again adds nothing; a SEG without its images is stored,
// says why it is not shown, and is laid when its images come. If this fails, a segmentation from Slicer or dcmqi opens as a bare
// instance, or over the wrong voxels, or loses overlapping segments.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core.ts';
import { readSegmentation } from '../../main/reading/seg/index.ts';
import { maskRoute } from '../../main/services/maskRoute.ts';
import { latestRunMask } from '../../main/services/runMask.ts';
import type { InferenceRun, RunMask, SegmentationImport } from '../../preload/api.ts';
import { cliImport, dicomData, PASSPHRASE, removeTempDirs, tempDir } from './support/env.ts';
import { nrrdIndexOf, readNrrd, type Nrrd } from './support/nrrd.ts';

const DIR = join(dicomData, 'dcmqi', 'segmentations');
const LIVER = join(DIR, 'liver.dcm');
const OVERLAPS = join(DIR, 'partial_overlaps.dcm');
const CT_SERIES = '1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1';

/** Voxels of `label` in a mask, and how many of them the NRRD (mapped through both geometries) agrees on. */
function compare(mask: RunMask, labels: Uint8Array, value: number, nrrd: Nrrd): { mask: number; nrrd: number; agree: number } {
  const { dims, spacing, origin, direction } = mask.geometry;
  const out = { mask: 0, nrrd: 0, agree: 0 };
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++) {
        const p = [0, 1, 2].map((a) => origin[a as 0] + direction[0][a as 0] * i * spacing[0] + direction[1][a as 0] * j * spacing[1] + direction[2][a as 0] * k * spacing[2]);
        const { index } = nrrdIndexOf(nrrd, p);
        const inside = index.every((x, a) => x >= 0 && x < (nrrd.sizes[a] ?? 0));
        const expected = inside && nrrd.values[index[0] + nrrd.sizes[0] * (index[1] + nrrd.sizes[1] * index[2])] === value;
        const got = labels[i + dims[0] * (j + dims[1] * k)] === value;
        if (got) out.mask++;
        if (expected) out.nrrd++;
        if (got && expected) out.agree++;
      }
    }
  }
  return out;
}

describe('a DICOM SEG imported with its images is shown as labelmaps over them', () => {
  let dataDir = '';
  let core: Core;
  let caseId = '';
  let imported: SegmentationImport[] = [];
  const runsOf = (sop: string): InferenceRun[] => core.library.openCase(caseId).inference.list().filter((r) => r.parameters.SOPInstanceUID === sop);

  beforeAll(() => {
    dataDir = tempDir('seg-import');
    const run = cliImport(dataDir, [join(DIR, 'ct-3slice'), LIVER, OVERLAPS]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.imported).toBe(5);
    imported = (run.report as { segmentations?: SegmentationImport[] }).segmentations ?? [];
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'reader-1');
    caseId = core.library.caseIds()[0] as string;
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    removeTempDirs();
  });

  it('liver.dcm: one labelmap on the CT series equal to liver_seg.nrrd, with the SEG\'s provenance', async () => {
    // Failing: the liver is drawn where the SEG does not put it, or nothing says where the labels came from.
    const seg = readSegmentation(readFileSync(LIVER));
    const entry = imported.find((s) => s.SOPInstanceUID === seg.SOPInstanceUID);
    expect(entry).toMatchObject({ caseId, SeriesInstanceUID: CT_SERIES, segments: 1, alreadyImported: false, problem: null });
    expect(entry?.runIds).toHaveLength(1);
    const [run] = runsOf(seg.SOPInstanceUID);
    expect(run?.runtime.name).toBe('imported DICOM SEG');
    expect(run?.model.sha256).toBe(createHash('sha256').update(readFileSync(LIVER)).digest('hex'));
    expect(run?.SeriesInstanceUIDs).toEqual([CT_SERIES]);
    expect((run?.parameters.segments as Array<{ SegmentLabel: string }>)[0]?.SegmentLabel).toBe('Liver');
    const volume = await latestRunMask(dataDir, core.library.openCase(caseId), run?.runId ?? '');
    expect(volume?.mask.geometry.dims).toEqual([512, 512, 3]);
    const result = compare(volume!.mask, volume!.labels, 1, readNrrd(readFileSync(join(DIR, 'liver_seg.nrrd'))));
    expect(result.mask).toBeGreaterThan(1000);
    expect(result).toEqual({ mask: result.nrrd, nrrd: result.nrrd, agree: result.nrrd });
    expect(volume?.mask.labels).toEqual([{ value: 1, name: 'Liver', color: seg.segments[0]?.segment.rgb }]);
  });

  it('partial_overlaps.dcm: all five overlapping segments kept, each equal to its NRRD label', async () => {
    // Failing: overlapping segments are merged or dropped (Cornerstone3D 5.14's adapter drops two).
    const seg = readSegmentation(readFileSync(OVERLAPS));
    const runs = runsOf(seg.SOPInstanceUID);
    expect(runs.length).toBeGreaterThan(1);
    const nrrds = ['partial_overlaps-1.nrrd', 'partial_overlaps-2.nrrd', 'partial_overlaps-3.nrrd'].map((n) => readNrrd(readFileSync(join(DIR, n))));
    const counts: number[] = [];
    for (const run of runs) {
      const volume = await latestRunMask(dataDir, core.library.openCase(caseId), run.runId);
      for (const label of volume!.mask.labels) {
        const nrrd = nrrds.find((n) => n.values.includes(label.value)) as Nrrd;
        const result = compare(volume!.mask, volume!.labels, label.value, nrrd);
        expect(result, `segment ${label.value}`).toEqual({ mask: result.nrrd, nrrd: result.nrrd, agree: result.nrrd });
        counts[label.value - 1] = result.mask;
      }
    }
    expect(counts).toEqual([9602, 11888, 10743, 6693, 4713]);
  });

  it('the viewer\'s route lists every labelmap of the series with the SEG\'s colours', async () => {
    // Failing: the viewer opens the CT and shows none of the imported segmentations.
    const answer = await maskRoute.answer(core, `/masks/${encodeURIComponent(caseId)}/by-series/${CT_SERIES}`);
    expect(answer.status).toBe(200);
    const listed = JSON.parse(String(answer.body)) as RunMask[];
    const segs = [readSegmentation(readFileSync(LIVER)), readSegmentation(readFileSync(OVERLAPS))];
    expect(listed.map((m) => m.runId).sort()).toEqual(segs.flatMap((s) => runsOf(s.SOPInstanceUID).map((r) => r.runId)).sort());
    const colours = new Map(listed.flatMap((m) => m.labels.map((l) => [l.name, l.color] as const)));
    for (const s of segs.flatMap((x) => x.segments)) expect(colours.get(s.segment.SegmentLabel), s.segment.SegmentLabel).toEqual(s.segment.rgb);
  });

  it('importing again adds nothing; a SEG without its images is stored and says why it is not shown', () => {
    // Failing: each re-import doubles the labelmaps, or a SEG silently shows nothing.
    const before = core.library.openCase(caseId).inference.list().length;
    const again = cliImport(dataDir, [LIVER]);
    expect((again.report as { segmentations?: SegmentationImport[] }).segmentations?.[0]).toMatchObject({ alreadyImported: true, runIds: [] });
    expect(core.library.openCase(caseId).inference.list()).toHaveLength(before);
    const alone = cliImport(dataDir, [join(DIR, 'sparse-labelmap-ppv5.dcm')]);
    expect(alone.code).toBe(2);
    expect(alone.report.imported).toBe(1);
    expect((alone.report as { segmentations?: SegmentationImport[] }).segmentations?.[0]?.problem).toMatch(/not shown as a labelmap: the series it segments is not in this case/);
  });

  it('a SEG stored before its images is laid by the import that brings them', async () => {
    // Failing: importing the segmentation first and the CT later leaves the segmentation invisible for good.
    const later = cliImport(dataDir, [join(DIR, '24x38x3', 'image')]);
    expect(later.code, later.stderr).toBe(0);
    const laid = (later.report as { segmentations?: SegmentationImport[] }).segmentations ?? [];
    expect(laid).toHaveLength(1);
    expect(laid[0]).toMatchObject({ path: expect.stringMatching(/^\(stored\) /), segments: 1, alreadyImported: false, problem: null });
    const caseFile = core.library.openCase(laid[0]?.caseId ?? '');
    const volume = await latestRunMask(dataDir, caseFile, laid[0]?.runIds[0] ?? '');
    const value = volume?.mask.labels[0]?.value ?? 0;
    const result = compare(volume!.mask, volume!.labels, value, readNrrd(readFileSync(join(DIR, 'sparse_labelmap_ppv5_seg.nrrd'))));
    expect(result.mask).toBeGreaterThan(0);
    expect(result).toEqual({ mask: result.nrrd, nrrd: result.nrrd, agree: result.nrrd });
  });
});
