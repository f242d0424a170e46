// A DICOM SEG the case holds, kept as labelmaps over the series it segments: each layer of
// non-overlapping segments (segOnSeries.ts) becomes a completed run whose provenance says 'imported DICOM
// SEG' (the file's sha256 in place of a model's, its algorithm and segment descriptions in the
// parameters), with one finding per segment (proposed: a clinician reviews it like any AI result) and
// its label volume stored and listed like a model's mask, so the viewer shows it with the SEG's colours.
// A SEG recorded before adds nothing.
import { createHash, randomUUID } from 'node:crypto';
import { writeLabelVolume } from '../ai/masks/labelVolumeFile.ts';
import { AppError, errorMessage } from '../errors.ts';
import type { CaseFile } from '../library/caseFile.ts';
import type { ReadSegmentation } from '../reading/seg/index.ts';
import { layerLabels, segOnSeries, type SegLayer } from './segOnSeries.ts';

export const IMPORTED_SEG = 'imported DICOM SEG';

export interface SegImportResult {
  /** One run per layer (several only when segments overlap); empty when recorded before. */
  runIds: string[];
  SeriesInstanceUID: string;
  segments: number;
  alreadyImported: boolean;
}

/** True when an earlier import laid this SEG. */
export const isRecordedSegmentation = (caseFile: CaseFile, SOPInstanceUID: string): boolean => recordedRuns(caseFile, SOPInstanceUID).length > 0;

/** The runs an earlier import of this SEG recorded. */
function recordedRuns(caseFile: CaseFile, SOPInstanceUID: string): string[] {
  return caseFile.inference.list().filter((r) => r.status === 'done' && r.runtime.name === IMPORTED_SEG && r.parameters.SOPInstanceUID === SOPInstanceUID).map((r) => r.runId);
}

/** The referenced series the case holds (a SEG names one; the first the case has wins). */
function seriesOf(caseFile: CaseFile, seg: ReadSegmentation): string {
  const named = [...seg.referencedSeries.map((r) => r.SeriesInstanceUID), ...seg.frames.flatMap((f) => f.sourceSOPInstanceUIDs.map((sop) => caseFile.imaging.seriesOf(sop) ?? ''))];
  const held = named.find((uid) => uid && caseFile.imaging.listInstances(uid).length > 0);
  if (!held) throw new AppError('not-found', 'the series it segments is not in this case: import its images too');
  return held;
}

const describeSegments = (layer: SegLayer) => layer.segments.map(({ segment: { segment: s } }) => ({
  SegmentNumber: s.SegmentNumber, SegmentLabel: s.SegmentLabel, SegmentDescription: s.SegmentDescription, SegmentAlgorithmType: s.SegmentAlgorithmType,
  SegmentAlgorithmName: s.SegmentAlgorithmName, algorithm: s.algorithm, category: s.category, type: s.type,
}));

export async function importSegmentation(dataDir: string, caseFile: CaseFile, seg: ReadSegmentation, fileBytes: Uint8Array, actor: string): Promise<SegImportResult> {
  const earlier = recordedRuns(caseFile, seg.SOPInstanceUID);
  const SeriesInstanceUID = seriesOf(caseFile, seg);
  if (earlier.length > 0) return { runIds: [], SeriesInstanceUID, segments: 0, alreadyImported: true };
  const placed = segOnSeries(seg, caseFile.imaging.listInstances(SeriesInstanceUID));
  const sha256 = createHash('sha256').update(fileBytes).digest('hex');
  const first = seg.segments.find((s) => s.segment.SegmentNumber > 0)?.segment;
  const model = { id: (first?.algorithm?.name || first?.SegmentAlgorithmName || IMPORTED_SEG).slice(0, 64), version: first?.algorithm?.version ?? '', sha256 };
  const [sx, sy, sz] = placed.geometry.spacing;
  const millilitres = (sx * sy * sz) / 1000;
  const runIds: string[] = [];
  for (const [k, layer] of placed.layers.entries()) {
    const runId = randomUUID();
    const at = new Date().toISOString();
    caseFile.inference.begin({
      runId, model, SeriesInstanceUIDs: [SeriesInstanceUID], runtime: { name: IMPORTED_SEG, version: seg.SegmentationType },
      parameters: {
        provenance: IMPORTED_SEG, SOPInstanceUID: seg.SOPInstanceUID, SeriesInstanceUID: seg.SeriesInstanceUID, SegmentationType: seg.SegmentationType,
        ContentLabel: seg.ContentLabel, layer: k + 1, layers: placed.layers.length, segments: describeSegments(layer),
      },
      warnings: [], outsideIntendedUse: false, startedAt: at, startedBy: actor,
    });
    const storePath = await writeLabelVolume(dataDir, caseFile.storeKey, caseFile.caseId, runId, layer.labels).catch((error: unknown) => {
      // No run left 'running' for ever: it failed, and says why.
      caseFile.inference.finish(runId, { status: 'failed', endedAt: new Date().toISOString(), inputVoxelsSha256: null, input: null, warnings: [], biomarkers: null, findings: [], error: errorMessage(error), peakRssMb: null }, actor);
      throw error;
    });
    const warnings = placed.layers.length > 1 ? [`The SEG's segments overlap: shown as ${placed.layers.length} labelmaps (this is ${k + 1}).`] : [];
    caseFile.inference.finish(runId, {
      status: 'done', endedAt: at, inputVoxelsSha256: null, input: null, warnings, biomarkers: null, error: null, peakRssMb: null,
      findings: layer.segments.map(({ segment, value, voxels }) => ({
        kind: 'segment', label: segment.segment.SegmentLabel || `Segment ${value}`, labelValue: value, measurements: [{ name: 'volume', value: voxels * millilitres, unit: 'mL' }],
      })),
    }, actor);
    caseFile.inferenceMasks.add({
      runId, SeriesInstanceUID, storePath, geometry: placed.geometry, labels: layerLabels(layer),
      sha256: createHash('sha256').update(layer.labels).digest('hex'),
      voxelCounts: Object.fromEntries(layer.segments.map((s) => [String(s.value), s.voxels])),
    });
    runIds.push(runId);
  }
  caseFile.audit('segmentation.import', actor, { SOPInstanceUID: seg.SOPInstanceUID, SeriesInstanceUID, runIds, sha256 });
  return { runIds, SeriesInstanceUID, segments: placed.layers.reduce((n, l) => n + l.segments.length, 0), alreadyImported: false };
}
