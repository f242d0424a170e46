// The contract's types for a run's label volume (issue 14, item 4): what the viewer needs to show it as a
// labelmap over the series it was computed on. Types only (re-exported by api.ts).

/** One label of a run's mask, as the model's manifest names and colours it. */
export interface MaskLabel {
  /** The voxel value (1, 2, ...; 0 is background). */
  value: number;
  name: string;
  /** sRGB 0..255. */
  color: [number, number, number];
}

/** The grid of a label volume: the series' own grid, so slice k of the mask lies on image k. */
export interface MaskGeometry {
  /** [columns, rows, slices]; voxel (i, j, k) is byte i + columns * (j + rows * k) (x fastest). */
  dims: [number, number, number];
  /** mm between voxel centres along [columns, rows, slices]. */
  spacing: [number, number, number];
  /** Centre of voxel (0, 0, 0), mm LPS. */
  origin: [number, number, number];
  /** Unit vectors of increasing column, row and slice index, LPS. */
  direction: [[number, number, number], [number, number, number], [number, number, number]];
  /** SOP Instance UID of each slice, in slice order (k = 0 first). */
  SOPInstanceUIDs: string[];
}

/** A run's stored label volume, as `inference.masks` lists it and /masks/<case>/<run>/header serves it. */
export interface RunMask {
  runId: string;
  caseId: string;
  SeriesInstanceUID: string;
  model: { id: string; version: string };
  labels: MaskLabel[];
  geometry: MaskGeometry;
  /** sha256 of the label bytes (hex), as written. */
  sha256: string;
  /** Voxels per label value, as written (`{ "1": 123 }`). */
  voxelCounts: Record<string, number>;
}

/** One segment of an exported SEG: an accepted finding of the run. */
export interface ExportedSegment {
  /** SegmentNumber in the SEG (1-based). */
  number: number;
  label: string;
  /** `<runId>:<position>` of the accepted finding. */
  findingId: string;
  /** Its label value in the run's mask. */
  labelValue: number;
  voxels: number;
  /** AUTOMATIC, or SEMIAUTOMATIC when a clinician edited the mask. */
  algorithmType: 'AUTOMATIC' | 'SEMIAUTOMATIC';
}

/** A run's accepted segmentation findings written as one DICOM SEG (case.exportSeg, `precis export seg`). */
export interface SegExport {
  caseId: string;
  file: string;
  runId: string;
  SOPInstanceUID: string;
  /** The series the SEG segments. */
  SeriesInstanceUID: string;
  segments: ExportedSegment[];
  /** Number of Frames of the SEG (one per segment and slice that has voxels). */
  frames: number;
  bytes: number;
}
