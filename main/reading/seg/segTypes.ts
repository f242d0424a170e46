// What a DICOM Segmentation is once read: one labelmap per segment (never merged, so overlapping
// segments all survive), each a 3D mask on the SEG's own grid, with the grid's geometry in patient
// coordinates and the segment's description. Voxel (i, j, k) is column i, row j, slice k, stored at
// i + columns * (j + rows * k) (x fastest), the layout of main/ai/pipeline/volume.ts.
import type { Code } from '../sr/codes.ts';
import type { Rgb } from './cielab.ts';

export type Vec3 = readonly [number, number, number];

/** A regular voxel grid in DICOM patient coordinates (LPS, mm). */
export interface LabelmapGeometry {
  /** [columns, rows, slices]. */
  dims: Vec3;
  /** mm between voxel centres along [columns, rows, slices]: PixelSpacing[1], PixelSpacing[0], slice step. */
  spacing: Vec3;
  /** Centre of voxel (0, 0, 0), mm LPS: the ImagePositionPatient of the first slice. */
  origin: Vec3;
  /** Unit vectors of increasing column, row and slice index: row cosines, column cosines, their cross product. */
  direction: readonly [Vec3, Vec3, Vec3];
}

/** Algorithm Identification Macro (PS3.3 Table 10-19) as a segment carries it: TID 4019's fields. */
export interface SegmentAlgorithm {
  family: Code | null;
  name: string;
  version: string;
  /** Algorithm Parameters (LT), '' when absent. */
  parameters: string;
  /** Algorithm Source (LO), '' when absent. */
  source: string;
}

export interface SegmentInfo {
  SegmentNumber: number;
  SegmentLabel: string;
  SegmentDescription: string;
  /** AUTOMATIC, SEMIAUTOMATIC or MANUAL. */
  SegmentAlgorithmType: string;
  SegmentAlgorithmName: string;
  /** Segmentation Algorithm Identification Sequence (0062,0007), when present. */
  algorithm: SegmentAlgorithm | null;
  category: Code | null;
  type: Code | null;
  /** Recommended Display CIELab Value as stored (16-bit scaled), and as sRGB 0..255; null when absent. */
  RecommendedDisplayCIELabValue: [number, number, number] | null;
  rgb: Rgb | null;
  TrackingID: string;
  TrackingUID: string;
}

export interface SegmentLabelmap {
  segment: SegmentInfo;
  /** 1 where the voxel belongs to the segment (FRACTIONAL: fraction >= 0.5), 0 elsewhere. */
  mask: Uint8Array;
  /** FRACTIONAL only: the stored fraction 0..1 of every voxel; null otherwise. */
  fraction: Float32Array | null;
  /** Voxels set in mask. */
  voxels: number;
  /** 1-based frame numbers that hold this segment. */
  frames: number[];
}

export interface SegFrame {
  /** 1-based, as Referenced Frame Number counts. */
  frameNumber: number;
  /** Referenced Segment Number; null for a label map frame (it holds every segment). */
  segmentNumber: number | null;
  ImagePositionPatient: Vec3;
  /** The grid slice (0-based) the frame lies on. */
  slice: number;
  /** Derivation Image Sequence > Source Image Sequence: the source images this frame was derived from. */
  sourceSOPInstanceUIDs: string[];
}

export interface ReferencedSeries {
  SeriesInstanceUID: string;
  instances: Array<{ ReferencedSOPClassUID: string; ReferencedSOPInstanceUID: string }>;
}

export type SegmentationType = 'BINARY' | 'FRACTIONAL' | 'LABELMAP';

export interface ReadSegmentation {
  SOPClassUID: string;
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  PatientID: string;
  FrameOfReferenceUID: string;
  SegmentationType: SegmentationType;
  /** FRACTIONAL: PROBABILITY or OCCUPANCY; '' otherwise. */
  SegmentationFractionalType: string;
  /** YES, NO, UNDEFINED, or '' when absent. */
  SegmentsOverlap: string;
  ContentLabel: string;
  geometry: LabelmapGeometry;
  /** Pixel Measures' Slice Thickness (mm), null when absent. */
  SliceThickness: number | null;
  referencedSeries: ReferencedSeries[];
  frames: SegFrame[];
  /** Every segment of the Segment Sequence, in its order, each with its own mask. */
  segments: SegmentLabelmap[];
}

export class SegFormatError extends Error {
  readonly reason: 'not-seg' | 'unsupported' | 'damaged' | 'geometry' | 'too-large';
  constructor(reason: SegFormatError['reason'], message: string) {
    super(message);
    this.name = 'SegFormatError';
    this.reason = reason;
  }
}
