// An accepted segmentation written as a DICOM Segmentation (BINARY, Explicit VR Little Endian): one
// frame per (segment, slice) that has any voxel set, bit-packed across frames; each frame says its
// segment (Segment Identification), its plane (Plane Position (Patient)) and the source image it was
// derived from (Derivation Image); patient and study are copied from the source series. The caller
// passes accepted findings only: this module does not know about review states.
import { T, at, bytes, num, seq, str, type Dataset } from '../sr/dicomElements.ts';
import { encodePart10 } from '../sr/dicomWriter.ts';
import { decimalString, dicomDateTime, newUid } from '../sr/values.ts';
import { packBinaryFrames } from './frameBits.ts';
import { codeSequence, segmentItem, type SegmentToWrite } from './segmentItems.ts';
import type { SegSource } from './segSource.ts';
import { S, SEGMENTATION_STORAGE } from './segTags.ts';
import { SegFormatError } from './segTypes.ts';

export const SEG_WRITER_VERSION = 'Precis SEG 1';

export interface SegmentationInput {
  source: SegSource;
  segments: SegmentToWrite[];
  at: Date;
  SeriesNumber: number;
  SeriesDescription: string;
  /** CS: capitals, digits, space and underscore, at most 16 characters. */
  ContentLabel: string;
  ContentDescription?: string;
  /** Who accepted the segmentation (PN), '' when unknown. */
  ContentCreatorName?: string;
  /** Whether segments overlap, when the caller knows (segments cut from one label volume never do); else every voxel is checked. */
  segmentsOverlap?: boolean;
}

export interface WrittenSegmentation {
  bytes: Buffer;
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  /** In frame order: the 1-based segment number and the 0-based source slice of every frame. */
  frames: Array<{ segmentNumber: number; slice: number }>;
}

const PURPOSE_SOURCE = { value: '121322', scheme: 'DCM', meaning: 'Source image for image processing operation' };
const DERIVATION_SEGMENTATION = { value: '113076', scheme: 'DCM', meaning: 'Segmentation' };

function framesOf(input: SegmentationInput, pixels: number): { frames: WrittenSegmentation['frames']; planes: Uint8Array[] } {
  const slices = input.source.slices.length;
  const frames: WrittenSegmentation['frames'] = [];
  const planes: Uint8Array[] = [];
  input.segments.forEach((segment, s) => {
    if (segment.mask.length !== pixels * slices) throw new SegFormatError('geometry', `segment "${segment.label}" has ${segment.mask.length} voxels, the source grid ${pixels * slices}`);
    for (let k = 0; k < slices; k++) {
      const plane = segment.mask.subarray(k * pixels, (k + 1) * pixels);
      if (anySet(plane)) {
        frames.push({ segmentNumber: s + 1, slice: k });
        planes.push(plane);
      }
    }
  });
  if (frames.length === 0) throw new SegFormatError('geometry', 'every segment is empty: there is nothing to write');
  return { frames, planes };
}

// Plain loops over the typed arrays: a chest CT's masks are 72 million voxels per segment, where a
// callback per voxel (Array.prototype.some) or an inner loop over the segments took seconds.
function anySet(plane: Uint8Array): boolean {
  for (let p = 0; p < plane.length; p++) if (plane[p] !== 0) return true;
  return false;
}

function overlaps(segments: SegmentToWrite[]): boolean {
  if (segments.length < 2) return false;
  const seen = new Uint8Array(segments[0]?.mask.length ?? 0);
  for (const { mask } of segments) {
    for (let n = 0; n < mask.length; n++) {
      if (mask[n] === 0) continue;
      if (seen[n] === 1) return true;
      seen[n] = 1;
    }
  }
  return false;
}

/** Spacing Between Slices when the source slices are evenly spaced (mm), else null. */
function evenSpacing(source: SegSource): number | null {
  const o = source.ImageOrientationPatient;
  const normal = [(o[1] ?? 0) * (o[5] ?? 0) - (o[2] ?? 0) * (o[4] ?? 0), (o[2] ?? 0) * (o[3] ?? 0) - (o[0] ?? 0) * (o[5] ?? 0), (o[0] ?? 0) * (o[4] ?? 0) - (o[1] ?? 0) * (o[3] ?? 0)];
  const d = source.slices.map((s) => s.ImagePositionPatient.reduce((sum, v, k) => sum + v * (normal[k] ?? 0), 0));
  const gaps = d.slice(1).map((v, k) => v - (d[k] ?? 0));
  const step = gaps[0];
  return step !== undefined && step > 0 && gaps.every((g) => Math.abs(g - step) < 1e-3) ? step : null;
}

function perFrameItem(input: SegmentationInput, frame: WrittenSegmentation['frames'][number]): Dataset {
  const slice = input.source.slices[frame.slice];
  if (!slice) throw new SegFormatError('geometry', `no source slice ${frame.slice}`);
  return [
    seq(S.DerivationImageSequence, [[
      seq(S.SourceImageSequence, [[str(T.ReferencedSOPClassUID, 'UI', slice.SOPClassUID), str(T.ReferencedSOPInstanceUID, 'UI', slice.SOPInstanceUID), codeSequence(S.PurposeOfReferenceCodeSequence, PURPOSE_SOURCE)]]),
      codeSequence(S.DerivationCodeSequence, DERIVATION_SEGMENTATION),
    ]]),
    seq(S.FrameContentSequence, [[num(S.DimensionIndexValues, 'UL', frame.segmentNumber, frame.slice + 1)]]),
    seq(S.PlanePositionSequence, [[str(S.ImagePositionPatient, 'DS', ...slice.ImagePositionPatient.map(decimalString))]]),
    seq(S.SegmentIdentificationSequence, [[num(S.ReferencedSegmentNumber, 'US', frame.segmentNumber)]]),
  ];
}

function sharedItem(source: SegSource): Dataset {
  const spacing = evenSpacing(source);
  return [
    seq(S.PlaneOrientationSequence, [[str(S.ImageOrientationPatient, 'DS', ...source.ImageOrientationPatient.map(decimalString))]]),
    seq(S.PixelMeasuresSequence, [[
      ...(source.SliceThickness !== null ? [str(S.SliceThickness, 'DS', decimalString(source.SliceThickness))] : spacing !== null ? [str(S.SliceThickness, 'DS', decimalString(spacing))] : []),
      ...(spacing !== null ? [str(S.SpacingBetweenSlices, 'DS', decimalString(spacing))] : []),
      str(S.PixelSpacing, 'DS', ...source.PixelSpacing.map(decimalString)),
    ]]),
  ];
}

function dimensionElements(): Dataset {
  const organization = newUid();
  return [
    seq(S.DimensionOrganizationSequence, [[str(S.DimensionOrganizationUID, 'UI', organization)]]),
    seq(S.DimensionIndexSequence, [
      [str(S.DimensionOrganizationUID, 'UI', organization), at(S.DimensionIndexPointer, S.ReferencedSegmentNumber), at(S.FunctionalGroupPointer, S.SegmentIdentificationSequence), str(S.DimensionDescriptionLabel, 'LO', 'ReferencedSegmentNumber')],
      [str(S.DimensionOrganizationUID, 'UI', organization), at(S.DimensionIndexPointer, S.ImagePositionPatient), at(S.FunctionalGroupPointer, S.PlanePositionSequence), str(S.DimensionDescriptionLabel, 'LO', 'ImagePositionPatient')],
    ]),
  ];
}

function referencedSeries(input: SegmentationInput, frames: WrittenSegmentation['frames']): Dataset {
  const used = [...new Set(frames.map((f) => f.slice))].sort((a, b) => a - b);
  const instances = used.map((k) => input.source.slices[k]).filter((s) => s !== undefined).map((s) => [str(T.ReferencedSOPClassUID, 'UI', s.SOPClassUID), str(T.ReferencedSOPInstanceUID, 'UI', s.SOPInstanceUID)]);
  return [seq(T.ReferencedSeriesSequence, [[seq(S.ReferencedInstanceSequence, instances), str(T.SeriesInstanceUID, 'UI', input.source.SeriesInstanceUID)]])];
}

export function writeSegmentation(input: SegmentationInput): WrittenSegmentation {
  const { source } = input;
  if (input.segments.length === 0) throw new SegFormatError('geometry', 'no segments to write');
  if (!/^[A-Z0-9 _]{1,16}$/.test(input.ContentLabel)) throw new SegFormatError('damaged', `Content Label "${input.ContentLabel}" must be 1-16 capitals, digits, spaces or underscores`);
  const pixels = source.Rows * source.Columns;
  const { frames, planes } = framesOf(input, pixels);
  const SOPInstanceUID = newUid();
  const SeriesInstanceUID = newUid();
  const { date, time } = dicomDateTime(input.at);
  const s = source.study;
  const dataset: Dataset = [
    str(T.SpecificCharacterSet, 'CS', 'ISO_IR 192'),
    str(S.ImageType, 'CS', 'DERIVED', 'PRIMARY'),
    str(T.InstanceCreationDate, 'DA', date), str(T.InstanceCreationTime, 'TM', time),
    str(T.SOPClassUID, 'UI', SEGMENTATION_STORAGE), str(T.SOPInstanceUID, 'UI', SOPInstanceUID),
    str(T.StudyDate, 'DA', s.StudyDate), str(T.SeriesDate, 'DA', date), str(T.ContentDate, 'DA', date),
    str(T.StudyTime, 'TM', s.StudyTime), str(T.SeriesTime, 'TM', time), str(T.ContentTime, 'TM', time),
    str(T.AccessionNumber, 'SH', s.AccessionNumber), str(T.Modality, 'CS', 'SEG'),
    str(T.Manufacturer, 'LO', 'Precis'), str(T.ReferringPhysicianName, 'PN', s.ReferringPhysicianName),
    str(T.StudyDescription, 'LO', s.StudyDescription), str(T.SeriesDescription, 'LO', input.SeriesDescription),
    str(T.ManufacturerModelName, 'LO', 'Precis'),
    ...referencedSeries(input, frames),
    str(T.PatientName, 'PN', s.PatientName), str(T.PatientID, 'LO', s.PatientID), str(T.PatientBirthDate, 'DA', s.PatientBirthDate), str(T.PatientSex, 'CS', s.PatientSex),
    ...(s.IssuerOfPatientID ? [str(T.IssuerOfPatientID, 'LO', s.IssuerOfPatientID)] : []),
    ...(s.PatientBirthTime ? [str(T.PatientBirthTime, 'TM', s.PatientBirthTime)] : []),
    str(S.DeviceSerialNumber, 'LO', '0'), str(T.SoftwareVersions, 'LO', SEG_WRITER_VERSION),
    str(T.StudyInstanceUID, 'UI', s.StudyInstanceUID), str(T.SeriesInstanceUID, 'UI', SeriesInstanceUID), str(T.StudyID, 'SH', s.StudyID),
    str(T.SeriesNumber, 'IS', String(input.SeriesNumber)), str(T.InstanceNumber, 'IS', '1'),
    str(S.FrameOfReferenceUID, 'UI', source.FrameOfReferenceUID), str(S.PositionReferenceIndicator, 'LO', ''),
    ...dimensionElements(),
    num(S.SamplesPerPixel, 'US', 1), str(S.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
    str(S.NumberOfFrames, 'IS', String(frames.length)), num(S.Rows, 'US', source.Rows), num(S.Columns, 'US', source.Columns),
    num(S.BitsAllocated, 'US', 1), num(S.BitsStored, 'US', 1), num(S.HighBit, 'US', 0), num(S.PixelRepresentation, 'US', 0),
    str(S.LossyImageCompression, 'CS', '00'),
    str(S.SegmentationType, 'CS', 'BINARY'),
    seq(S.SegmentSequence, input.segments.map((segment, k) => segmentItem(segment, k + 1))),
    str(S.SegmentsOverlap, 'CS', (input.segmentsOverlap ?? overlaps(input.segments)) ? 'YES' : 'NO'),
    str(S.ContentLabel, 'CS', input.ContentLabel), str(S.ContentDescription, 'LO', input.ContentDescription ?? ''), str(S.ContentCreatorName, 'PN', input.ContentCreatorName ?? ''),
    seq(S.SharedFunctionalGroupsSequence, [sharedItem(source)]),
    seq(S.PerFrameFunctionalGroupsSequence, frames.map((f) => perFrameItem(input, f))),
    bytes(S.PixelData, packBinaryFrames(planes, pixels)),
  ];
  return { bytes: encodePart10(dataset, SEGMENTATION_STORAGE, SOPInstanceUID), SOPInstanceUID, SeriesInstanceUID, frames };
}
