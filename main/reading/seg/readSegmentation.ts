// A DICOM Segmentation (binary, fractional, or label map) read into one labelmap per segment on the
// SEG's own grid. Overlapping segments stay separate masks: nothing is merged, nothing dropped
// (Cornerstone3D 5.14's adapter drops two of the five segments of dcmqi's partial_overlaps.dcm).
// Works on the file's bytes (no I/O). Native (uncompressed) pixel data only; anything else is refused.
import dicomParser from 'dicom-parser';
import { T } from '../sr/dicomElements.ts';
import { firstNumber, itemsOf, keyOf, textOf, unsignedShorts } from './dataSetValues.ts';
import { frameGroups, pixelMeasures } from './frameGroups.ts';
import { fillMasks } from './segMasks.ts';
import { LABEL_MAP_SEGMENTATION_STORAGE, S, SEGMENTATION_STORAGE } from './segTags.ts';
import { gridOf } from './segGrid.ts';
import { segmentInfoOf } from './segmentInfo.ts';
import { SegFormatError, type ReadSegmentation, type ReferencedSeries, type SegmentationType } from './segTypes.ts';

type DataSet = dicomParser.DataSet;

/** Transfer syntaxes whose pixel data is native: implicit and explicit VR little endian, deflated. */
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']);

function parseWhole(bytes: Uint8Array): DataSet {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const part10 = buffer.length >= 132 && buffer.subarray(128, 132).toString('latin1') === 'DICM';
  try {
    return part10 ? dicomParser.parseDicom(buffer) : dicomParser.parseDicom(buffer, { TransferSyntaxUID: '1.2.840.10008.1.2' });
  } catch (error) {
    const inner = error && typeof error === 'object' && 'exception' in error ? (error as { exception: unknown }).exception : error;
    const text = typeof inner === 'string' ? inner : inner instanceof Error ? inner.message : String(inner);
    throw new SegFormatError('damaged', /overrun|past end/i.test(text) ? 'the SEG file ends in the middle of its data (truncated or damaged)' : 'the SEG file cannot be parsed (damaged)');
  }
}

function referencedSeriesOf(ds: DataSet): ReferencedSeries[] {
  return itemsOf(ds, T.ReferencedSeriesSequence).map((s) => ({
    SeriesInstanceUID: textOf(s, T.SeriesInstanceUID, ''),
    instances: itemsOf(s, S.ReferencedInstanceSequence).map((i) => ({
      ReferencedSOPClassUID: textOf(i, T.ReferencedSOPClassUID, ''),
      ReferencedSOPInstanceUID: textOf(i, T.ReferencedSOPInstanceUID, ''),
    })),
  }));
}

function segmentationTypeOf(ds: DataSet, sopClass: string): SegmentationType {
  const type = textOf(ds, S.SegmentationType, '');
  if (type === 'BINARY' || type === 'FRACTIONAL' || type === 'LABELMAP') return type;
  if (sopClass === LABEL_MAP_SEGMENTATION_STORAGE) return 'LABELMAP';
  throw new SegFormatError('unsupported', `Segmentation Type "${type}" is not BINARY, FRACTIONAL or LABELMAP`);
}

function checkPixelFormat(type: SegmentationType, bitsAllocated: number): void {
  const ok = type === 'BINARY' ? bitsAllocated === 1 : type === 'FRACTIONAL' ? bitsAllocated === 8 : bitsAllocated === 8 || bitsAllocated === 16;
  if (!ok) throw new SegFormatError('damaged', `a ${type} SEG with Bits Allocated ${bitsAllocated}`);
}

export function readSegmentation(bytes: Uint8Array): ReadSegmentation {
  const ds = parseWhole(bytes);
  const charset = textOf(ds, T.SpecificCharacterSet, '');
  const SOPClassUID = textOf(ds, T.SOPClassUID, '');
  if (SOPClassUID !== SEGMENTATION_STORAGE && SOPClassUID !== LABEL_MAP_SEGMENTATION_STORAGE) {
    throw new SegFormatError('not-seg', `not a DICOM Segmentation (SOP Class ${SOPClassUID || 'missing'})`);
  }
  const syntax = textOf(ds, T.TransferSyntaxUID, '') || '1.2.840.10008.1.2';
  if (!NATIVE.has(syntax)) throw new SegFormatError('unsupported', `the SEG's pixel data is in transfer syntax ${syntax}; only uncompressed little-endian SEGs are read`);
  const type = segmentationTypeOf(ds, SOPClassUID);
  const bitsAllocated = unsignedShorts(ds, S.BitsAllocated)[0] ?? 0;
  checkPixelFormat(type, bitsAllocated);
  const rows = unsignedShorts(ds, S.Rows)[0] ?? 0;
  const columns = unsignedShorts(ds, S.Columns)[0] ?? 0;
  const frameCount = firstNumber(ds, S.NumberOfFrames) ?? 1;
  if (!(rows > 0 && columns > 0 && frameCount > 0)) throw new SegFormatError('damaged', `the SEG has ${rows} rows, ${columns} columns and ${frameCount} frames`);
  const segmentInfos = itemsOf(ds, S.SegmentSequence).map((item, k) => segmentInfoOf(item, k, charset));
  if (segmentInfos.length === 0) throw new SegFormatError('damaged', 'the SEG has no Segment Sequence items');
  const groups = frameGroups(ds, frameCount, type === 'LABELMAP');
  const orientation = groups[0]?.orientation ?? [];
  if (groups.some((g) => g.orientation.length !== 6 || g.orientation.some((v, k) => Math.abs(v - (orientation[k] ?? 0)) > 1e-4))) {
    throw new SegFormatError('geometry', 'the frames of the SEG do not share one Image Orientation (Patient)');
  }
  const measures = pixelMeasures(ds);
  const grid = gridOf({ rows, columns, orientation, pixelSpacing: measures.pixelSpacing, positions: groups.map((g) => g.position), spacingBetweenSlices: measures.spacingBetweenSlices, sliceThickness: measures.sliceThickness });
  const pixelData = ds.elements[keyOf(S.PixelData)];
  if (!pixelData || pixelData.encapsulatedPixelData) throw new SegFormatError('damaged', 'the SEG has no native Pixel Data');
  const data = ds.byteArray.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length);
  const frames = groups.map((g, f) => ({ frameNumber: f + 1, segmentNumber: g.segmentNumber, ImagePositionPatient: g.position, slice: grid.sliceOfFrame[f] ?? 0, sourceSOPInstanceUIDs: g.sourceSOPInstanceUIDs }));
  const segments = fillMasks({
    data, type, bitsAllocated, geometry: grid.geometry, frames, segments: segmentInfos,
    maximumFractionalValue: unsignedShorts(ds, S.MaximumFractionalValue)[0] ?? 255,
    pixelPaddingValue: unsignedShorts(ds, S.PixelPaddingValue)[0] ?? null,
  });
  return {
    SOPClassUID,
    SOPInstanceUID: textOf(ds, T.SOPInstanceUID, ''),
    SeriesInstanceUID: textOf(ds, T.SeriesInstanceUID, ''),
    StudyInstanceUID: textOf(ds, T.StudyInstanceUID, ''),
    PatientID: textOf(ds, T.PatientID, charset),
    FrameOfReferenceUID: textOf(ds, S.FrameOfReferenceUID, ''),
    SegmentationType: type,
    SegmentationFractionalType: textOf(ds, S.SegmentationFractionalType, ''),
    SegmentsOverlap: textOf(ds, S.SegmentsOverlap, ''),
    ContentLabel: textOf(ds, S.ContentLabel, charset),
    geometry: grid.geometry,
    SliceThickness: measures.sliceThickness,
    referencedSeries: referencedSeriesOf(ds),
    frames,
    segments,
  };
}
