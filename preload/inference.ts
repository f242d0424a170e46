// The contract's types for model runs (issue 14, items 2, 6, 8): what an `analyze` job yields and the
// provenance record every run leaves in the case file. Types only (re-exported by api.ts).
import type { MaskEdit, MaskEditArgs } from './maskEdits.ts';
export type { MaskEditResult } from './maskEdits.ts';

/** One number a model yields, as its manifest names it. */
export interface BiomarkerValue {
  name: string;
  value: number;
  /** UCUM-style unit as the manifest writes it ('mL', '%'). */
  unit: string;
}

/** AI output is a proposal until a clinician accepts or rejects it. */
export type ReviewState = 'proposed' | 'accepted' | 'rejected';

/** One finding of a run, e.g. a lung segment with its volume. */
export interface InferenceFinding {
  /** 1-based within its run. */
  position: number;
  /** What it is: 'segment' for a labelled region of a segmentation. */
  kind: string;
  /** The manifest's label name ('right lung'). */
  label: string;
  /** The label value in the mask, when the finding is a segment. */
  labelValue: number | null;
  measurements: BiomarkerValue[];
  review: ReviewState;
}

export type InferenceRunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** Provenance of one run, as kept in the case file (case migration 0009). */
export interface InferenceRun {
  runId: string;
  caseId: string;
  model: { id: string; version: string; sha256: string };
  /** The input series (one today). */
  SeriesInstanceUIDs: string[];
  /** sha256 of the HU voxels as the model received them (see `input.voxelType`, x fastest, little-endian). */
  inputVoxelsSha256: string | null;
  input: { dims: [number, number, number]; spacingMm: [number, number, number]; voxelType: 'int16' | 'float32' } | null;
  /** onnxruntime-node's version. */
  runtime: { name: string; version: string };
  /** What the run was set to: patch, overlap, thresholds, threads (from the manifest and the job). */
  parameters: Record<string, unknown>;
  /** The intended-use warnings (the run was forced) and the pipeline's own; empty when none. */
  warnings: string[];
  /** True when the run was started despite an intended-use mismatch. */
  outsideIntendedUse: boolean;
  biomarkers: BiomarkerValue[] | null;
  status: InferenceRunStatus;
  /** Why a run failed, in words. */
  error: string | null;
  startedAt: string;
  endedAt: string | null;
  startedBy: string;
  /** Peak resident memory of the process that ran it, MB (VmHWM); null when unknown. */
  peakRssMb: number | null;
}

/** What an `analyze` job returns (and `precis analyze --json` prints). */
export interface AnalyzeResult {
  runId: string;
  caseId: string;
  model: { id: string; version: string; sha256: string };
  series: string;
  /** Set when the run was cancelled: nothing but the provenance row (status 'cancelled') was kept. */
  cancelled?: boolean;
  biomarkers: BiomarkerValue[];
  findings: InferenceFinding[];
  warnings: string[];
  provenance: InferenceRun;
}

/** A finding as the AI tab lists it: its id for inference.review, and who decided on it when (null while proposed). */
export interface ReviewedFinding extends InferenceFinding {
  /** `<runId>:<position>`, stable for the life of the case. */
  findingId: string;
  runId: string;
  reviewedBy: string | null;
  /** ISO 8601, UTC. */
  reviewedAt: string | null;
  /** What the reviewer wrote with the decision, if anything. */
  reviewNote: string | null;
}

/** A run of the case with its findings and their review state (inference.list). */
export interface InferenceRunDetail extends InferenceRun {
  findings: ReviewedFinding[];
  /** The latest clinician edit of the run's mask, with the numbers recomputed from it; null when never edited. */
  edit: MaskEdit | null;
}

/** The intended-use check of a series for a model, before any run (analyze.check); empty warnings: within its intended use. */
export interface AnalyzeCheck {
  model: { id: string; version: string };
  SeriesInstanceUID: string;
  warnings: string[];
}

/** The calls of the AI tab for runs (api.ts lists their channels). */
export interface AnalyzeApi {
  /** The intended-use warnings of running `modelId` on the series, without running it. */
  check(args: { caseId: string; SeriesInstanceUID: string; modelId: string }): Promise<AnalyzeCheck>;
  /** Starts the analyze job; refused (code 'intended-use-mismatch') when the check warns and `force` is false. */
  start(args: { caseId: string; SeriesInstanceUID: string; modelId: string; force: boolean }): Promise<{ jobId: string }>;
}

export interface InferenceApi {
  /** The case's runs, newest first, with provenance, biomarkers, warnings and findings. */
  list(args: { caseId: string }): Promise<InferenceRunDetail[]>;
  /** Accepts or rejects a finding (again: the latest decision wins); audited in the case as 'inference.review'. */
  review(args: { caseId: string; findingId: string; decision: 'accepted' | 'rejected'; note?: string }): Promise<ReviewedFinding>;
  /** Saves an edited label volume (uploaded first into `batchId`) as the run's new mask version: the biomarkers are
   *  recomputed in main from it and the CT, the model's original is kept, the edit is audited ('inference.edit'). */
  saveEdit(args: MaskEditArgs): Promise<MaskEdit>;
}
