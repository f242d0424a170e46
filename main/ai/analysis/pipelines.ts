// Which pipeline runs a model: a row per model id for a model that needs its own (preprocessing,
// postprocessing and biomarkers the manifest cannot say), else the generic 3D segmentation pipeline
// driven by the manifest alone (segmentationPipeline.ts), so any valid segmentation model runs. A pipeline gets the volume,
// the model as a RunPatch (the job's hash-verified onnxruntime session) and the manifest, and returns
// numbers, findings and the label volume, which stays in the job's process (it stores it encrypted).
import type { BiomarkerValue, InferenceFinding, MaskLabel } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { asBiomarkers, LEFT_LUNG, lungBiomarkers, RIGHT_LUNG } from '../pipeline/biomarkers.ts';
import { runLungEmphysema } from '../pipeline/lungEmphysema.ts';
import type { PatchShape, RunPatch } from '../pipeline/slidingWindow.ts';
import type { Volume } from '../pipeline/volume.ts';
import type { ModelManifest } from '../registry/manifest.ts';
import { segmentationPipeline, settingsOrThrow } from './segmentationPipeline.ts';

export interface PipelineOptions {
  signal: AbortSignal;
  /** Patches done of all patches. */
  onProgress(done: number, total: number): void;
}

export interface PipelineOutput {
  biomarkers: BiomarkerValue[];
  findings: Array<Omit<InferenceFinding, 'position' | 'review'>>;
  warnings: string[];
  /** The label volume on the input's grid (volume voxel order, 0 background), for a segmentation model. */
  labels?: Uint8Array;
  /** The values of `labels` with their names and colours when they are not the manifest's (one per region). */
  maskLabels?: MaskLabel[];
}

/** The numbers of a label volume a clinician edited, measured again over the CT. */
export interface Remeasured {
  biomarkers: BiomarkerValue[];
  /** Measurements per label value, for the run's findings of that label. */
  byLabel: Map<number, BiomarkerValue[]>;
}

export interface Pipeline {
  /** What a run is set to, from the manifest: recorded in the provenance before the run starts. */
  parameters(manifest: ModelManifest): Record<string, unknown>;
  run(volume: Volume, run: RunPatch, manifest: ModelManifest, options: PipelineOptions): Promise<PipelineOutput>;
  /** The biomarkers and finding measurements of `labels` (an edited mask) over `volume`, by the run's own functions. */
  remeasure?(labels: Uint8Array, volume: Volume): Remeasured;
}

function lungSettings(manifest: ModelManifest): { patch: PatchShape; overlap: number; threshold: number } {
  const window = manifest.slidingWindow;
  const decision = manifest.postprocessing?.decision;
  if (!window || window.patchSize.length !== 3 || decision?.type !== 'threshold') {
    throw new AppError('model-no-pipeline', `The lung pipeline needs a 3D sliding window and a threshold decision; ${manifest.id}'s manifest has neither.`);
  }
  return { patch: window.patchSize as unknown as PatchShape, overlap: window.overlap, threshold: decision.value };
}

const labelName = (manifest: ModelManifest, value: number, fallback: string): string => manifest.labels.find((l) => l.value === value)?.name ?? fallback;

const lungEmphysema: Pipeline = {
  parameters: (manifest) => ({
    ...lungSettings(manifest),
    blending: manifest.slidingWindow?.blending,
    // Fixed inside the graph (models/ct-lung-emphysema/MODEL_CARD.md): recorded so a report can cite them.
    graphThresholdsHu: { lungCandidate: -400, lowAttenuation: -950 },
  }),
  async run(volume, run, manifest, options) {
    const result = await runLungEmphysema(volume, run, { ...lungSettings(manifest), signal: options.signal, onProgress: options.onProgress });
    const m = result.measures;
    const segment = (value: number, ml: number, fallback: string): PipelineOutput['findings'][number] => ({
      kind: 'segment',
      label: labelName(manifest, value, fallback),
      labelValue: value,
      measurements: [{ name: 'volume', value: ml, unit: 'mL' }],
    });
    const findings = [segment(RIGHT_LUNG, m.rightLungVolumeMl, 'right lung'), segment(LEFT_LUNG, m.leftLungVolumeMl, 'left lung')].filter((f) => (f.measurements[0]?.value ?? 0) > 0);
    return { biomarkers: result.biomarkers, findings, warnings: result.warnings, labels: result.lungLabels };
  },
  remeasure(labels, volume) {
    // The graph's low-attenuation channel is `HU < -950` voxel by voxel (build_model.py), so it is the same here.
    const below950 = new Uint8Array(labels.length);
    for (let v = 0; v < labels.length; v++) below950[v] = (volume.voxels[v] as number) < LAA_HU ? 1 : 0;
    const m = lungBiomarkers(labels, below950, volume.spacing);
    const volumeOf = (ml: number): BiomarkerValue[] => [{ name: 'volume', value: ml, unit: 'mL' }];
    return { biomarkers: asBiomarkers(m), byLabel: new Map([[RIGHT_LUNG, volumeOf(m.rightLungVolumeMl)], [LEFT_LUNG, volumeOf(m.leftLungVolumeMl)]]) };
  },
};

const LAA_HU = -950;

/** Model-specific pipelines by model id. */
export const PIPELINES: Readonly<Record<string, Pipeline>> = { 'ct-lung-emphysema': lungEmphysema };

export function pipelineFor(manifest: ModelManifest): Pipeline {
  const pipeline = PIPELINES[manifest.id];
  if (pipeline) return pipeline;
  // Throws model-no-pipeline with the reason when the manifest asks for what this version cannot do.
  settingsOrThrow(manifest);
  return segmentationPipeline;
}
