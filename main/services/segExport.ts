// A run's accepted segmentation findings exported as one DICOM SEG (BINARY) over the series the model
// ran on, for the API and the CLI alike: the run named, else the newest run with an accepted segment;
// refused when nothing is accepted (a proposed or rejected finding never leaves the case this way);
// never over an existing file; audited in the case and the library.
import type { InferenceRun, ReviewedFinding, SegExport } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { readStored } from '../dicom/store.ts';
import { AppError } from '../errors.ts';
import type { CaseFile } from '../library/caseFile.ts';
import { segSourceOf, writeSegmentation, type SegSource } from '../reading/seg/index.ts';
import { acceptedSegmentFindings, acceptedSegments } from './acceptedSegments.ts';
import { openKnownCase } from './reading.ts';
import { latestRunMask, type RunMaskVolume } from './runMask.ts';
import { writeNewFile } from './writeNewFile.ts';

const NOTHING_ACCEPTED = 'Accept a segmentation finding in the AI tab first: proposed and rejected findings are never exported.';

/** The run to export and its accepted segment findings. */
function chooseRun(caseFile: CaseFile, runId: string | undefined): { run: InferenceRun; findings: ReviewedFinding[] } {
  if (runId !== undefined) {
    const run = caseFile.inference.get(runId);
    if (!run) throw new AppError('not-found', `This case has no model run ${runId}.`);
    if (run.status !== 'done') throw new AppError('not-found', `Run ${runId} is ${run.status}: it has no results to export.`);
    const findings = caseFile.inference.reviewedFindings(runId);
    if (acceptedSegmentFindings(findings).length === 0) throw new AppError('no-accepted-findings', `No segmentation finding of run ${runId} is accepted. ${NOTHING_ACCEPTED}`);
    return { run, findings };
  }
  for (const run of caseFile.inference.list().reverse()) {
    if (run.status !== 'done' || !caseFile.inferenceMasks.get(run.runId)) continue;
    const findings = caseFile.inference.reviewedFindings(run.runId);
    if (acceptedSegmentFindings(findings).length > 0) return { run, findings };
  }
  throw new AppError('no-accepted-findings', `No segmentation finding of this case is accepted. ${NOTHING_ACCEPTED}`);
}

/** The source series' grid and study, from the stored images the mask lies on. */
async function sourceOf(dataDir: string, caseFile: CaseFile, volume: RunMaskVolume): Promise<SegSource> {
  const headers: Buffer[] = [];
  for (const sop of volume.mask.geometry.SOPInstanceUIDs) {
    const path = caseFile.imaging.storePath(sop);
    if (!path) throw new AppError('not-found', `Image ${sop} the run segmented is not in this case any more.`);
    headers.push(await readStored(dataDir, caseFile.storeKey, path));
  }
  return segSourceOf(headers);
}

function nextSeriesNumber(caseFile: CaseFile, SOPInstanceUID: string): number {
  const study = caseFile.imaging.studyOf(SOPInstanceUID);
  const numbers = study ? caseFile.imaging.listSeries(study).map((s) => s.SeriesNumber ?? 0) : [];
  return Math.max(0, ...numbers) + 1;
}

export async function exportAcceptedSegmentation(core: Core, caseId: string, file: string, runId?: string): Promise<SegExport> {
  const caseFile = openKnownCase(core, caseId);
  const { run, findings } = chooseRun(caseFile, runId);
  const volume = await latestRunMask(core.dataDir, caseFile, run.runId);
  if (!volume) throw new AppError('not-found', `Run ${run.runId} has no stored mask to export.`);
  const source = await sourceOf(core.dataDir, caseFile, volume);
  const segments = acceptedSegments(run, findings, volume, source);
  const reviewers = [...new Set(segments.map((s) => s.finding.reviewedBy).filter((r): r is string => !!r))];
  const written = writeSegmentation({
    source, segments, at: new Date(),
    SeriesNumber: nextSeriesNumber(caseFile, source.slices[0]?.SOPInstanceUID ?? ''),
    SeriesDescription: `AI ${run.model.id} ${run.model.version} (accepted)`.slice(0, 64),
    ContentLabel: 'AI_SEGMENTATION',
    ContentDescription: `Accepted AI findings, run ${run.runId}`.slice(0, 64),
    ContentCreatorName: (reviewers[0] ?? '').replaceAll('\\', '/').slice(0, 64),
    // Cut from one label volume (one value a voxel): the segments cannot overlap.
    segmentsOverlap: false,
  });
  await writeNewFile(file, written.bytes);
  const exported = segments.map((s, k) => ({
    number: k + 1, label: s.label, findingId: s.finding.findingId, labelValue: s.finding.labelValue as number, voxels: s.voxels, algorithmType: s.algorithmType ?? 'AUTOMATIC',
  }));
  const detail = { SOPInstanceUID: written.SOPInstanceUID, runId: run.runId, model: run.model, findingIds: exported.map((s) => s.findingId), frames: written.frames.length };
  caseFile.audit('case.export-seg', core.actor, detail);
  core.library.audit({ actor: core.actor, action: 'case.export-seg', caseId, detail: { ...detail, file } });
  return {
    caseId, file, runId: run.runId, SOPInstanceUID: written.SOPInstanceUID, SeriesInstanceUID: source.SeriesInstanceUID,
    segments: exported, frames: written.frames.length, bytes: written.bytes.length,
  };
}
