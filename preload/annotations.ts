// The annotations and key-image part of the API contract (issue 12-13): what a reader draws and marks, as the
// case file keeps it. Types only; preload/api.ts re-exports them.

/** A point in patient coordinates: millimetres, DICOM's LPS axes. */
export type PatientPoint = [number, number, number];

/** What a reader drew, as the viewer hands it over to be kept (annotations.save). */
export interface AnnotationInput {
  /** Cornerstone's annotation UID: the same annotation saved again replaces the stored one. */
  annotationUID: string;
  /** The Cornerstone3D tool, e.g. 'Length', 'EllipticalROI'. */
  tool: string;
  /** The image it was drawn on; null on a plane that has no SOP (MPR): then the Frame of Reference. */
  SOPInstanceUID: string | null;
  /** 1-based, as in the image id; null with SOPInstanceUID. */
  frame: number | null;
  SeriesInstanceUID: string | null;
  FrameOfReferenceUID: string | null;
  /** The tool's defining points (handles, or a freehand contour), patient coordinates. */
  points: PatientPoint[];
  /** What else redraws it exactly: view plane, text box position, arrow text, open or closed contour. */
  geometry: {
    viewPlaneNormal?: PatientPoint;
    viewUp?: PatientPoint;
    textBox?: PatientPoint | null;
    text?: string;
    closed?: boolean;
  };
  label: string;
  /** Measured values with their units (e.g. length and lengthUnit 'mm'; mean, sd, min, max, area in HU and mm²). */
  stats: Record<string, number | string | null>;
}

/** A measurement promoted to a lesion: what it is, where, and whether RECIST counts it as a target. */
export interface Finding {
  label: string;
  location: string;
  target: boolean;
}

/** An annotation as the case file keeps it: who drew it and when, who changed it last and when. */
export interface AnnotationRecord extends AnnotationInput {
  /** The study of its image (null on a plane with no SOP). */
  StudyInstanceUID: string | null;
  finding: Finding | null;
  author: string;
  modifiedBy: string;
  createdAt: string;
  modifiedAt: string;
}

/** An image a reader marked as key for the case (issue 13): one SOP instance and frame (1-based), where it lies. */
export interface KeyImage {
  SOPInstanceUID: string; frame: number; SeriesInstanceUID: string; StudyInstanceUID: string;
  InstanceNumber: number | null; SeriesNumber: number | null; SeriesDescription: string; markedBy: string; markedAt: string;
}

/** A Key Object Selection document an export wrote (one per study); its SOP Instance UID, how many images. */
export interface KeyObjectDocument { file: string; StudyInstanceUID: string; SOPInstanceUID: string; images: number }
