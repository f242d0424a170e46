// An accepted segmentation written as a DICOM SEG over a few slices of the LIDC chest CT, two
// overlapping segments: read back by the app's own reader with the same segments, frames, geometry and
// voxels, and by independent tools (DCMTK's dcmdump: frame count and Segment Sequence; dicom3tools'
// dciodvfy: no errors against the Segmentation IOD). If this fails, a SEG a hospital exports from
// Precis would not open in its PACS or in Slicer, or would open with the wrong voxels.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFICIAL_INTELLIGENCE, readSegmentation, segSourceOf, writeSegmentation, type ReadSegmentation, type SegmentToWrite, type SegSource, type WrittenSegmentation } from '../../main/reading/seg/index.ts';
import { sourceStudyOf } from '../../main/reading/kos/sourceStudy.ts';
import { lidcSeries, listFiles, removeTempDirs, tempDir } from './support/env.ts';

const SLICES = 4;
const lung = { value: '39607008', scheme: 'SCT', meaning: 'Lung' };
const nodule = { value: '27925004', scheme: 'SCT', meaning: 'Nodule' };
const anatomical = { value: '123037004', scheme: 'SCT', meaning: 'Anatomical Structure' };
const abnormal = { value: '49755003', scheme: 'SCT', meaning: 'Morphologically Abnormal Structure' };
const algorithm = { family: ARTIFICIAL_INTELLIGENCE, name: 'ct-lung-emphysema', version: '1.0.0', parameters: 'sha256=0123abcd; threshold=-400 HU', source: 'Precis' };

/** A disc of radius r (pixels) around (cx, cy) on the given slices, and a rectangle on others. */
function masks(columns: number, rows: number): { disc: Uint8Array; box: Uint8Array } {
  const disc = new Uint8Array(columns * rows * SLICES);
  const box = new Uint8Array(columns * rows * SLICES);
  for (let k = 0; k < SLICES; k++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const n = x + columns * (y + rows * k);
        if (k <= 2 && (x - 180) ** 2 + (y - 250) ** 2 <= (30 + 5 * k) ** 2) disc[n] = 1;
        if (k >= 1 && x >= 150 && x < 300 && y >= 200 && y < 320) box[n] = 1;
      }
    }
  }
  return { disc, box };
}

function segments(source: SegSource): SegmentToWrite[] {
  const { disc, box } = masks(source.Columns, source.Rows);
  return [
    { label: 'Nodule', description: 'AI proposal, accepted', category: abnormal, type: nodule, algorithm, rgb: [216, 101, 79], mask: disc },
    { label: 'Right lung region', category: anatomical, type: lung, algorithmType: 'SEMIAUTOMATIC', algorithm, rgb: [128, 174, 128], mask: box },
  ];
}

describe('a SEG written by Precis is read back by Precis and by DCMTK and dicom3tools', () => {
  let source: SegSource;
  let input: SegmentToWrite[];
  let written: WrittenSegmentation;
  let file: string;
  let read: ReadSegmentation;

  beforeAll(() => {
    const all = segSourceOf(listFiles(lidcSeries).filter((f) => f.endsWith('.dcm')).map((f) => readFileSync(f)));
    // Four adjacent slices in the middle of the chest, by position.
    const middle = all.slices.slice(130, 130 + SLICES).map((s) => s.SOPInstanceUID);
    const files = listFiles(lidcSeries).filter((f) => f.endsWith('.dcm')).map((f) => readFileSync(f)).filter((b) => middle.some((uid) => b.subarray(0, 4096).includes(uid)));
    source = segSourceOf(files);
    input = segments(source);
    written = writeSegmentation({ source, segments: input, at: new Date('2026-11-30T12:00:00Z'), SeriesNumber: 901, SeriesDescription: 'AI segmentation (accepted)', ContentLabel: 'LUNG_AI', ContentCreatorName: 'Reviewer^Test' });
    file = join(tempDir('seg-export'), 'seg.dcm');
    writeFileSync(file, written.bytes);
    read = readSegmentation(readFileSync(file));
  });
  afterAll(removeTempDirs);

  it('writes one frame per segment and slice that has voxels', () => {
    expect(source.slices).toHaveLength(SLICES);
    expect(written.frames).toEqual([
      { segmentNumber: 1, slice: 0 }, { segmentNumber: 1, slice: 1 }, { segmentNumber: 1, slice: 2 },
      { segmentNumber: 2, slice: 1 }, { segmentNumber: 2, slice: 2 }, { segmentNumber: 2, slice: 3 },
    ]);
  });

  it('reads back the same segments, frames, geometry and voxels', () => {
    expect(read.frames.map((f) => [f.segmentNumber, f.slice])).toEqual(written.frames.map((f) => [f.segmentNumber, f.slice]));
    for (const f of read.frames) expect(f.sourceSOPInstanceUIDs).toEqual([source.slices[f.slice]?.SOPInstanceUID]);
    expect(read.geometry.dims).toEqual([source.Columns, source.Rows, SLICES]);
    expect(read.geometry.origin).toEqual(source.slices[0]?.ImagePositionPatient);
    expect(read.geometry.spacing[0]).toBeCloseTo(source.PixelSpacing[1], 6);
    expect(read.geometry.spacing[2]).toBeCloseTo(1, 3);
    expect(read.SegmentsOverlap).toBe('YES');
    expect(read.segments).toHaveLength(2);
    read.segments.forEach((s, k) => {
      const expected = input[k] as SegmentToWrite;
      expect(Buffer.from(s.mask).equals(Buffer.from(expected.mask))).toBe(true);
      expect(s.segment).toMatchObject({ SegmentNumber: k + 1, SegmentLabel: expected.label, SegmentAlgorithmType: expected.algorithmType ?? 'AUTOMATIC', SegmentAlgorithmName: 'ct-lung-emphysema', rgb: expected.rgb, type: expected.type, category: expected.category });
      expect(s.segment.algorithm).toEqual({ family: ARTIFICIAL_INTELLIGENCE, name: algorithm.name, version: algorithm.version, parameters: algorithm.parameters, source: 'Precis' });
    });
    const study = sourceStudyOf(readFileSync(listFiles(lidcSeries).find((f) => f.endsWith('.dcm')) as string));
    expect([read.StudyInstanceUID, read.PatientID]).toEqual([study.StudyInstanceUID, study.PatientID]);
    expect(read.referencedSeries.map((r) => [r.SeriesInstanceUID, r.instances.length])).toEqual([[source.SeriesInstanceUID, SLICES]]);
  });

  it('dcmdump reads the frame count and the Segment Sequence', () => {
    const run = spawnSync('dcmdump', ['-M', '+L', file], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/^E:/m);
    expect(run.stdout).toMatch(/\(0028,0008\) IS \[6\]/);
    expect(run.stdout.match(/\(0062,0004\) US/g)).toHaveLength(2);
    expect(run.stdout).toMatch(/\(0062,0005\) LO \[Nodule\]/);
    expect(run.stdout).toMatch(/\(0062,0005\) LO \[Right lung region\]/);
    expect(run.stdout.match(/\(0062,000b\) US/g)).toHaveLength(6);
    expect(run.stdout).toMatch(/\(0066,0036\) LO \[ct-lung-emphysema\]/);
  });

  it('dciodvfy finds no errors against the Segmentation IOD', () => {
    const run = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
    console.log(`dciodvfy on the exported SEG:\n${lines.join('\n')}`);
    expect(lines.filter((l) => /^Error/.test(l))).toEqual([]);
  });

  it('packs frames whose pixel count is not a multiple of 8 across byte boundaries', () => {
    const small: SegSource = { ...source, Rows: 38, Columns: 23, slices: source.slices.slice(0, 3) };
    const mask = new Uint8Array(23 * 38 * 3).map((_, n) => ((n * 7919) % 13 < 5 ? 1 : 0));
    const out = writeSegmentation({ source: small, segments: [{ ...input[0] as SegmentToWrite, mask }], at: new Date(0), SeriesNumber: 1, SeriesDescription: 'odd', ContentLabel: 'ODD' });
    const back = readSegmentation(out.bytes);
    expect(back.frames).toHaveLength(3);
    expect(Buffer.from(back.segments[0]?.mask ?? []).equals(Buffer.from(mask))).toBe(true);
  });

  it('refuses an empty segmentation and a mask on another grid', () => {
    const empty = { ...input[0] as SegmentToWrite, mask: new Uint8Array(source.Rows * source.Columns * SLICES) };
    expect(() => writeSegmentation({ source, segments: [empty], at: new Date(0), SeriesNumber: 1, SeriesDescription: 'x', ContentLabel: 'X' })).toThrow(/nothing to write/);
    const wrong = { ...input[0] as SegmentToWrite, mask: new Uint8Array(10) };
    expect(() => writeSegmentation({ source, segments: [wrong], at: new Date(0), SeriesNumber: 1, SeriesDescription: 'x', ContentLabel: 'X' })).toThrow(/source grid/);
  });
});
