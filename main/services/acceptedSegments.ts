// A run's accepted segmentation findings as the segments a DICOM SEG is written with: one segment per
// accepted finding that names a label of the mask (proposed and rejected findings are left out here, the
// one place that decides), its voxels moved from the mask's slice order to the source series' order by
// SOP Instance UID, with the model's identification (TID 4019's name, version, parameters).
import type { InferenceRun, ReviewedFinding } from '../../preload/api.ts';
import { AppError } from '../errors.ts';
import { ARTIFICIAL_INTELLIGENCE, type SegSource, type SegmentToWrite } from '../reading/seg/index.ts';
import { labelCodes } from '../reading/seg/labelCodes.ts';
import { algorithmParameters } from '../reading/sr/aiFindingGroups.ts';
import type { RunMaskVolume } from './runMask.ts';

/** The findings of a run an export may carry: accepted, and a labelled region of its mask. */
export const acceptedSegmentFindings = (findings: readonly ReviewedFinding[]): ReviewedFinding[] =>
  findings.filter((f) => f.review === 'accepted' && f.labelValue !== null);

function describe(finding: ReviewedFinding): string {
  const numbers = finding.measurements.map((m) => `${m.name} ${Number(m.value.toFixed(3))} ${m.unit}`).join('; ');
  return `${numbers}${numbers ? '. ' : ''}Proposed by the model, accepted by ${finding.reviewedBy ?? 'unknown'} at ${finding.reviewedAt ?? 'unknown'}.`.slice(0, 1024);
}

/** Binary masks of `values` on the source grid (slice k = source.slices[k]) and their voxel counts, in one pass. */
function masksOnSource(volume: RunMaskVolume, values: readonly number[], source: SegSource): Array<{ mask: Uint8Array; voxels: number }> {
  const [columns, rows] = volume.mask.geometry.dims;
  if (columns !== source.Columns || rows !== source.Rows) throw new AppError('invalid-argument', `The run's mask is ${columns}x${rows}, its series ${source.Columns}x${source.Rows}.`);
  const plane = columns * rows;
  const sliceOf = new Map(volume.mask.geometry.SOPInstanceUIDs.map((sop, k) => [sop, k]));
  const out = values.map(() => ({ mask: new Uint8Array(plane * source.slices.length), voxels: 0 }));
  const target = new Int16Array(256).fill(-1);
  values.forEach((v, k) => { target[v] = k; });
  source.slices.forEach((slice, k) => {
    const m = sliceOf.get(slice.SOPInstanceUID);
    if (m === undefined) throw new AppError('invalid-argument', `Image ${slice.SOPInstanceUID} of the series is not on the run's mask.`);
    for (let p = 0; p < plane; p++) {
      const t = target[volume.labels[m * plane + p] as number] as number;
      if (t < 0) continue;
      const o = out[t] as { mask: Uint8Array; voxels: number };
      o.mask[k * plane + p] = 1;
      o.voxels++;
    }
  });
  return out;
}

export interface AcceptedSegment extends SegmentToWrite {
  finding: ReviewedFinding;
  voxels: number;
}

export function acceptedSegments(run: InferenceRun, findings: readonly ReviewedFinding[], volume: RunMaskVolume, source: SegSource): AcceptedSegment[] {
  const algorithm = { family: ARTIFICIAL_INTELLIGENCE, name: run.model.id.slice(0, 64), version: run.model.version.slice(0, 64), parameters: algorithmParameters(run), source: 'Precis' };
  const accepted = acceptedSegmentFindings(findings);
  const masks = masksOnSource(volume, accepted.map((f) => f.labelValue as number), source);
  return accepted.map((finding, k) => {
    const value = finding.labelValue as number;
    const label = volume.mask.labels.find((l) => l.value === value);
    const { mask, voxels } = masks[k] as { mask: Uint8Array; voxels: number };
    return {
      finding, voxels, mask, algorithm,
      label: (label?.name ?? finding.label).slice(0, 64),
      description: describe(finding),
      ...labelCodes(label?.name ?? finding.label),
      algorithmType: volume.edited ? 'SEMIAUTOMATIC' : 'AUTOMATIC',
      rgb: label?.color ?? [255, 0, 0],
    };
  });
}
