// DICOM SEG files written by another tool (dcmqi) read as one labelmap per segment, compared voxel by
// voxel in patient space with the NRRD labels dcmqi made them from: every SEG voxel is mapped through
// both geometries to its NRRD voxel. If this fails, a user opening a SEG from Slicer or dcmqi would see
// a segment drawn in the wrong place, with missing voxels, or (partial_overlaps.dcm, which Cornerstone3D
// 5.14's adapter reads as three of its five segments) not at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dicomLabToRgb, readSegmentation, rgbToDicomLab, SegFormatError, type ReadSegmentation, type SegmentLabelmap } from '../../main/reading/seg/index.ts';
import { dicomData } from './support/env.ts';
import { nrrdIndexOf, readNrrd, type Nrrd } from './support/nrrd.ts';

const DIR = join(dicomData, 'dcmqi', 'segmentations');

/** Each SEG with the NRRD label files beside it (partial_overlaps: one file per group of non-overlapping labels). */
const PAIRS: Array<{ seg: string; nrrds: string[] }> = [
  { seg: 'liver.dcm', nrrds: ['liver_seg.nrrd'] },
  { seg: 'partial_overlaps.dcm', nrrds: ['partial_overlaps-1.nrrd', 'partial_overlaps-2.nrrd', 'partial_overlaps-3.nrrd'] },
  { seg: '23x38x3/seg/label.seg', nrrds: ['23x38x3/nrrd/label.nrrd'] },
  { seg: '24x38x3/seg/label.seg', nrrds: ['24x38x3/nrrd/label.nrrd'] },
  { seg: 'sparse-labelmap-noppv.dcm', nrrds: ['sparse_labelmap_noppv_seg.nrrd'] },
  { seg: 'sparse-labelmap-ppv5.dcm', nrrds: ['sparse_labelmap_ppv5_seg.nrrd'] },
];

interface Comparison {
  segVoxels: number;
  nrrdVoxels: number;
  agree: number;
  segOnly: number;
  nrrdOnly: number;
  offGrid: number;
}

/** Compares one segment's mask with `nrrd == number` on the SEG's grid (only on `slices` when given). */
function compare(seg: ReadSegmentation, labelmap: SegmentLabelmap, nrrd: Nrrd, slices: Set<number> | null): Comparison {
  const { dims, spacing, origin, direction } = seg.geometry;
  const label = labelmap.segment.SegmentNumber;
  const out: Comparison = { segVoxels: 0, nrrdVoxels: 0, agree: 0, segOnly: 0, nrrdOnly: 0, offGrid: 0 };
  for (let k = 0; k < dims[2]; k++) {
    if (slices && !slices.has(k)) continue;
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++) {
        const p = [0, 1, 2].map((a) => origin[a as 0] + direction[0][a as 0] * i * spacing[0] + direction[1][a as 0] * j * spacing[1] + direction[2][a as 0] * k * spacing[2]);
        const { index, offGrid } = nrrdIndexOf(nrrd, p);
        const inside = index.every((x, a) => x >= 0 && x < (nrrd.sizes[a] ?? 0));
        if (offGrid > 0.05 || !inside) out.offGrid++;
        const expected = inside && nrrd.values[index[0] + nrrd.sizes[0] * (index[1] + nrrd.sizes[1] * index[2])] === label;
        const got = labelmap.mask[i + dims[0] * (j + dims[1] * k)] === 1;
        if (got) out.segVoxels++;
        if (expected) out.nrrdVoxels++;
        if (got && expected) out.agree++;
        else if (got) out.segOnly++;
        else if (expected) out.nrrdOnly++;
      }
    }
  }
  return out;
}

function countOf(nrrd: Nrrd, label: number): number {
  let n = 0;
  for (const v of nrrd.values) if (v === label) n++;
  return n;
}

describe("dcmqi's SEG files equal the NRRD labels beside them", () => {
  const report: string[] = [];
  for (const pair of PAIRS) {
    it(`${pair.seg}: every segment's voxels equal its NRRD label`, () => {
      const seg = readSegmentation(readFileSync(join(DIR, pair.seg)));
      const nrrds = pair.nrrds.map((n) => readNrrd(readFileSync(join(DIR, n))));
      const covered = new Set(seg.frames.map((f) => f.slice));
      for (const labelmap of seg.segments) {
        const number = labelmap.segment.SegmentNumber;
        const holders = nrrds.filter((n) => n.values.includes(number));
        expect(holders.length, `NRRD files holding label ${number}`).toBe(1);
        const nrrd = holders[0] as Nrrd;
        // Background (label map segment 0) exists only where the SEG has frames: the NRRD's other
        // slices are the padding (5 in the ppv5 file) or 0.
        const background = seg.SegmentationType === 'LABELMAP' && number === 0;
        const c = compare(seg, labelmap, nrrd, background ? covered : null);
        report.push(`${pair.seg} segment ${number} "${labelmap.segment.SegmentLabel}": SEG ${c.segVoxels}, NRRD ${c.nrrdVoxels}, equal ${c.agree}, SEG only ${c.segOnly}, NRRD only ${c.nrrdOnly}`);
        expect(c.offGrid).toBe(0);
        expect(c.segOnly).toBe(0);
        expect(c.nrrdOnly).toBe(0);
        expect(c.segVoxels).toBe(labelmap.voxels);
        // Nothing of the label lies outside the SEG's grid.
        if (!background) expect(c.nrrdVoxels).toBe(countOf(nrrd, number));
      }
    });
  }

  it('partial_overlaps.dcm keeps all five overlapping segments with their own voxels', () => {
    const seg = readSegmentation(readFileSync(join(DIR, 'partial_overlaps.dcm')));
    expect(seg.segments.map((s) => [s.segment.SegmentNumber, s.segment.SegmentLabel, s.voxels])).toEqual([
      [1, 'GREEN', 9602], [2, 'ORANGE', 11888], [3, 'PURPLE', 10743], [4, 'LIGHT_BLUE', 6693], [5, 'DARK_BLUE', 4713],
    ]);
    expect(seg.frames.map((f) => f.segmentNumber)).toEqual([1, 2, 3, 3, 3, 4, 5]);
    // Segments of different NRRD files overlap: a single merged labelmap would lose voxels of one of them.
    const shared: string[] = [];
    seg.segments.forEach((a, x) => seg.segments.slice(x + 1).forEach((b) => {
      let both = 0;
      a.mask.forEach((v, n) => { both += v & (b.mask[n] ?? 0); });
      if (both > 0) shared.push(`${a.segment.SegmentNumber}&${b.segment.SegmentNumber}: ${both}`);
    }));
    expect(shared.length).toBeGreaterThan(0);
    report.push(`partial_overlaps.dcm overlapping voxels: ${shared.join(', ')}`);
  });

  it('the padding value of a sparse label map belongs to no segment; the missing slice is empty', () => {
    const seg = readSegmentation(readFileSync(join(DIR, 'sparse-labelmap-ppv5.dcm')));
    const nrrd = readNrrd(readFileSync(join(DIR, 'sparse_labelmap_ppv5_seg.nrrd')));
    expect(seg.geometry.dims).toEqual([24, 38, 3]);
    expect(seg.frames.map((f) => f.slice)).toEqual([0, 2]);
    expect(countOf(nrrd, 5)).toBe(24 * 38);
    for (const s of seg.segments) expect(s.mask.subarray(24 * 38, 2 * 24 * 38).every((v) => v === 0)).toBe(true);
  });

  it('reads segment metadata, derivation and the referenced series', () => {
    const seg = readSegmentation(readFileSync(join(DIR, 'liver.dcm')));
    const liver = seg.segments[0]?.segment;
    expect(liver).toMatchObject({ SegmentNumber: 1, SegmentLabel: 'Liver', SegmentAlgorithmType: 'SEMIAUTOMATIC', SegmentAlgorithmName: 'SlicerEditor', RecommendedDisplayCIELabValue: [41661, 41167, 40792] });
    // Slicer's liver colour is (221, 130, 101).
    expect(liver?.rgb).toEqual([221, 130, 101]);
    expect(liver?.type?.meaning).toBe('Liver');
    const ct = ['01.dcm', '02.dcm', '03.dcm'].map((f) => readFileSync(join(DIR, 'ct-3slice', f)).toString('latin1'));
    const sources = seg.frames.flatMap((f) => f.sourceSOPInstanceUIDs);
    expect(sources).toHaveLength(3);
    for (const uid of sources) expect(ct.some((text) => text.includes(uid))).toBe(true);
    expect(seg.referencedSeries).toHaveLength(1);
    expect(seg.referencedSeries[0]?.instances).toHaveLength(3);
    expect(seg.geometry.direction).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(seg.SliceThickness).toBe(1);
  });

  it("reads the SEG of dcmqi's SR example (13 frames of one segment)", () => {
    const seg = readSegmentation(readFileSync(join(dicomData, 'dcmqi', 'sr-example', 'seg.dcm')));
    expect(seg.frames).toHaveLength(13);
    expect(seg.segments).toHaveLength(1);
    expect(seg.segments[0]?.voxels).toBeGreaterThan(0);
  });

  it('refuses what is not a SEG, and a truncated SEG, with the reason', () => {
    expect(() => readSegmentation(readFileSync(join(DIR, 'ct-3slice', '01.dcm')))).toThrow(/not a DICOM Segmentation/);
    const whole = readFileSync(join(DIR, 'liver.dcm'));
    let error: unknown;
    try {
      readSegmentation(whole.subarray(0, whole.length - 5000));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SegFormatError);
    expect((error as SegFormatError).reason).toBe('damaged');
  });

  it('converts colours between DICOM CIELab and sRGB both ways', () => {
    for (const rgb of [[221, 130, 101], [0, 151, 206], [255, 255, 255], [128, 174, 128]] as const) {
      expect(dicomLabToRgb(rgbToDicomLab(rgb))).toEqual(rgb);
    }
  });

  it('reports the counts', () => {
    console.log(report.join('\n'));
    expect(report.length).toBeGreaterThan(0);
  });
});
