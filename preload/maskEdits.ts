// The contract's types for a clinician's edit of a run's mask (issue 14, item 5): brush and eraser on the
// labelmap, saved as a new mask version with the numbers recomputed from it and the CT. Types only
// (re-exported by api.ts).

/** A number as the model's manifest names it (the same shape as inference.ts's BiomarkerValue). */
interface BiomarkerValue {
  name: string;
  value: number;
  unit: string;
}

/** A finding's measurements recomputed from an edited mask. */
export interface EditedFindingMeasurements {
  /** The finding's position in its run. */
  position: number;
  labelValue: number | null;
  measurements: BiomarkerValue[];
}

/** One saved edit of a run's mask: the latest one is the run's mask from then on; the model's original is kept. */
export interface MaskEdit {
  editId: string;
  runId: string;
  /** sha256 of the edited label bytes (hex). */
  sha256: string;
  /** Voxels per label value in the edited mask (`{ "1": 123 }`). */
  voxelCounts: Record<string, number>;
  /** The run's biomarkers recomputed from the edited mask and the CT, by the pipeline's own functions. */
  biomarkers: BiomarkerValue[];
  findings: EditedFindingMeasurements[];
  editedBy: string;
  /** ISO 8601, UTC. */
  editedAt: string;
  note: string | null;
}

/** What a mask-edit job returns. */
export interface MaskEditResult extends MaskEdit {
  caseId: string;
}

export interface MaskEditArgs {
  caseId: string;
  runId: string;
  /** The upload batch holding the edited label volume as one file named `labels` (Uint8, x fastest, the run's grid). */
  batchId: string;
  note?: string;
}
