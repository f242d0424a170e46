// The pipeline of any 3D segmentation model without one of its own: everything from its manifest
// (pipeline/segmentation.ts), each connected region a finding (proposed until a clinician reviews it)
// with the biomarkers the manifest declares per region (`measure`), numbered largest first. The run's
// biomarkers are the largest region's, the one a report leads with (e.g. the largest nodule).
import type { BiomarkerValue } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { runSegmentation, segmentationSettings, type SegmentationSettings, type SegmentedRegion } from '../pipeline/segmentation.ts';
import type { ModelManifest } from '../registry/manifest.ts';
import type { Pipeline, PipelineOutput } from './pipelines.ts';

/** The settings, or an AppError saying why this version of Precis cannot run the model. */
export function settingsOrThrow(manifest: ModelManifest): SegmentationSettings {
  const settings = segmentationSettings(manifest);
  if (typeof settings === 'string') throw new AppError('model-no-pipeline', `This version of Precis cannot run model ${manifest.id}: ${settings}.`);
  return settings;
}

const VALUE_OF = {
  'region-volume': { unit: 'mL', of: (r: SegmentedRegion) => r.volumeMl },
  'region-mean': { unit: null, of: (r: SegmentedRegion) => r.meanValue },
  'region-longest-diameter': { unit: 'mm', of: (r: SegmentedRegion) => r.longestDiameterMm },
} as const;

/** The manifest's per-region biomarkers of one region; those it cannot compute are named in `warnings`. */
function measurementsOf(manifest: ModelManifest, region: SegmentedRegion, warnings: Set<string>): BiomarkerValue[] {
  const out: BiomarkerValue[] = [];
  for (const b of manifest.biomarkers) {
    const how = b.measure ? VALUE_OF[b.measure] : null;
    if (!how) warnings.add(`${b.name} is not computed: the manifest does not say how (no "measure") and ${manifest.id} has no pipeline of its own.`);
    else if (how.unit !== null && how.unit !== b.unit) warnings.add(`${b.name} is not computed: its unit ${b.unit} is not ${how.unit}.`);
    else out.push({ name: b.name, value: how.of(region), unit: b.unit });
  }
  return out;
}

export const segmentationPipeline: Pipeline = {
  parameters(manifest) {
    const s = settingsOrThrow(manifest);
    return {
      patch: s.patch, overlap: s.overlap, blending: manifest.slidingWindow?.blending, decision: manifest.postprocessing?.decision,
      largestConnectedComponent: s.largestConnectedComponent, fillHoles: s.fillHoles, minRegionMm3: s.minRegionMm3,
      intensityWindow: manifest.preprocessing?.intensityWindow ?? null, normalisation: manifest.preprocessing?.normalisation ?? 'none',
    };
  },
  async run(volume, run, manifest, options): Promise<PipelineOutput> {
    const result = await runSegmentation(volume, run, manifest, settingsOrThrow(manifest), options);
    const warnings = new Set<string>();
    const ordinal = new Map<number, number>();
    const findings = result.regions.map((region) => {
      const n = (ordinal.get(region.labelValue) ?? 0) + 1;
      ordinal.set(region.labelValue, n);
      const name = manifest.labels.find((l) => l.value === region.labelValue)?.name ?? `label ${region.labelValue}`;
      return { kind: 'segment', label: `${name} ${n}`, labelValue: region.labelValue, measurements: measurementsOf(manifest, region, warnings) };
    });
    return { biomarkers: findings[0]?.measurements ?? [], findings, warnings: [...warnings], labels: result.labels };
  },
};
