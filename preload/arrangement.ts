// The contract's types for how the viewer arranges images for a reader: layouts, the layout saved per
// modality (hanging protocols) and links between Frames of Reference (priors). Types only (re-exported
// by api.ts, which every side compiles against).
/** The viewer layouts (issue 13): grids, and MPR (three planes and the stack). */
export type LayoutName = '1x1' | '1x2' | '2x1' | '2x2' | 'mpr';

/** The layout a study of a modality opens in (a reader saved it). */
export interface HangingProtocol {
  modality: string;
  layout: LayoutName;
  savedBy: string;
  savedAt: string;
}

/** Two Frames of Reference linked by the reader (a prior study): a point p of `from` is p + offset in `to`. */
export interface FrameLink {
  fromFrameOfReferenceUID: string;
  toFrameOfReferenceUID: string;
  /** mm, LPS (x, y, z). */
  offset: [number, number, number];
  linkedBy: string;
  linkedAt: string;
}
