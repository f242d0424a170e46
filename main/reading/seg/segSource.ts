// The source series a SEG is written over, from its images' headers: patient and study (copied as the
// Key Object Selection does), Frame of Reference, the image grid (rows, columns, spacing, orientation)
// and every slice's SOP Class and Instance UIDs and position, sorted along the slice normal. Masks are
// given on this grid: slice k of a mask is slices[k]. Works on bytes (no I/O).
import { parseHeaderBytes } from '../../dicom/headers.ts';
import { sourceStudyOf, type SourceStudy } from '../kos/sourceStudy.ts';
import { T } from '../sr/dicomElements.ts';
import { firstNumber, numbers, textOf, unsignedShorts } from './dataSetValues.ts';
import { S } from './segTags.ts';
import { SegFormatError, type Vec3 } from './segTypes.ts';

export interface SourceSlice {
  SOPClassUID: string;
  SOPInstanceUID: string;
  ImagePositionPatient: Vec3;
}

export interface SegSource {
  study: SourceStudy;
  SeriesInstanceUID: string;
  FrameOfReferenceUID: string;
  Rows: number;
  Columns: number;
  /** Between rows, then between columns (mm). */
  PixelSpacing: [number, number];
  ImageOrientationPatient: number[];
  SliceThickness: number | null;
  /** Sorted by position along the slice normal (row cosines x column cosines), ascending. */
  slices: SourceSlice[];
}

interface HeaderFacts extends SourceSlice {
  SeriesInstanceUID: string;
  FrameOfReferenceUID: string;
  Rows: number;
  Columns: number;
  PixelSpacing: number[];
  ImageOrientationPatient: number[];
  SliceThickness: number | null;
}

function factsOf(bytes: Uint8Array, index: number): HeaderFacts {
  const ds = parseHeaderBytes(bytes);
  const p = numbers(ds, S.ImagePositionPatient);
  if (p.length !== 3 || p.some((v) => !Number.isFinite(v))) throw new SegFormatError('geometry', `source image ${index + 1} has no Image Position (Patient)`);
  return {
    SOPClassUID: textOf(ds, T.SOPClassUID, ''),
    SOPInstanceUID: textOf(ds, T.SOPInstanceUID, ''),
    ImagePositionPatient: [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0],
    SeriesInstanceUID: textOf(ds, T.SeriesInstanceUID, ''),
    FrameOfReferenceUID: textOf(ds, S.FrameOfReferenceUID, ''),
    Rows: unsignedShorts(ds, S.Rows)[0] ?? 0,
    Columns: unsignedShorts(ds, S.Columns)[0] ?? 0,
    PixelSpacing: numbers(ds, S.PixelSpacing),
    ImageOrientationPatient: numbers(ds, S.ImageOrientationPatient),
    SliceThickness: firstNumber(ds, S.SliceThickness),
  };
}

const same = (a: readonly number[], b: readonly number[], tolerance: number): boolean => a.length === b.length && a.every((v, k) => Math.abs(v - (b[k] ?? NaN)) <= tolerance);

/** The source of a SEG from the headers of its images (any order); refuses a mixed or incomplete set. */
export function segSourceOf(headers: readonly Uint8Array[]): SegSource {
  if (headers.length === 0) throw new SegFormatError('geometry', 'no source images');
  const facts = headers.map(factsOf);
  const first = facts[0] as HeaderFacts;
  for (const f of facts) {
    if (f.SeriesInstanceUID !== first.SeriesInstanceUID) throw new SegFormatError('geometry', 'the source images belong to more than one series');
    if (f.Rows !== first.Rows || f.Columns !== first.Columns) throw new SegFormatError('geometry', 'the source images differ in rows or columns');
    if (!same(f.ImageOrientationPatient, first.ImageOrientationPatient, 1e-4) || first.ImageOrientationPatient.length !== 6) throw new SegFormatError('geometry', 'the source images do not share one Image Orientation (Patient)');
    if (!same(f.PixelSpacing, first.PixelSpacing, 1e-6) || first.PixelSpacing.length !== 2) throw new SegFormatError('geometry', 'the source images do not share one Pixel Spacing');
    if (!f.SOPInstanceUID || !f.SOPClassUID) throw new SegFormatError('geometry', 'a source image has no SOP Class or Instance UID');
  }
  if (!first.FrameOfReferenceUID) throw new SegFormatError('geometry', 'the source images have no Frame of Reference UID');
  const o = first.ImageOrientationPatient;
  const normal = [(o[1] ?? 0) * (o[5] ?? 0) - (o[2] ?? 0) * (o[4] ?? 0), (o[2] ?? 0) * (o[3] ?? 0) - (o[0] ?? 0) * (o[5] ?? 0), (o[0] ?? 0) * (o[4] ?? 0) - (o[1] ?? 0) * (o[3] ?? 0)];
  const along = (s: SourceSlice): number => s.ImagePositionPatient.reduce((sum, v, k) => sum + v * (normal[k] ?? 0), 0);
  const slices = facts.map((f) => ({ SOPClassUID: f.SOPClassUID, SOPInstanceUID: f.SOPInstanceUID, ImagePositionPatient: f.ImagePositionPatient })).sort((a, b) => along(a) - along(b));
  return {
    study: sourceStudyOf(headers[0] as Uint8Array),
    SeriesInstanceUID: first.SeriesInstanceUID,
    FrameOfReferenceUID: first.FrameOfReferenceUID,
    Rows: first.Rows,
    Columns: first.Columns,
    PixelSpacing: [first.PixelSpacing[0] ?? 1, first.PixelSpacing[1] ?? 1],
    ImageOrientationPatient: o,
    SliceThickness: first.SliceThickness,
    slices,
  };
}
