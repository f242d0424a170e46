// The pipeline of any 3D segmentation model without one of its own: everything from its manifest
// (pipeline/segmentation.ts), each connected region a finding (proposed until a clinician reviews it)
// with the biomarkers the manifest declares per region (`measure`), numbered largest first, and its own
// value in the stored mask (so an export of accepted findings can leave a rejected region out). The run's
// biomarkers are the largest region's, the one a report leads with (e.g. the largest nodule).
import type { BiomarkerValue, MaskLabel } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { MAX_REGIONS, runSegmentation, segmentationSettings, type SegmentationSettings, type SegmentedRegion } from '../pipeline/segmentation.ts';
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
    const maskLabels: MaskLabel[] = [];
    const findings = result.regions.map((region) => {
      const n = (ordinal.get(region.labelValue) ?? 0) + 1;
      ordinal.set(region.labelValue, n);
      const label = manifest.labels.find((l) => l.value === region.labelValue);
      const name = `${label?.name ?? `label ${region.labelValue}`} ${n}`;
      // Each region is its own value in the mask, named as its finding, in its class's colour.
      maskLabels.push({ value: region.regionValue, name, color: [...(label?.color ?? [255, 255, 0])] as [number, number, number] });
      return { kind: 'segment', label: name, labelValue: region.regionValue, measurements: measurementsOf(manifest, region, warnings) };
    });
    if (result.regionsDropped > 0) warnings.add(`${result.regionsDropped} smaller regions beyond the ${MAX_REGIONS} a mask can hold are not kept.`);
    return { biomarkers: findings[0]?.measurements ?? [], findings, warnings: [...warnings], labels: result.labels, maskLabels };
  },
};
