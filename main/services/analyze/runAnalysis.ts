// One model run on one stored series, in the analyze job's child process (a native onnxruntime crash
// ends that process, not the app): the model verified against the library's record, the intended-use
// check, then the provenance row ('running'), the volume from the encrypted store, the model's pipeline
// over it patch by patch (progress, cancel), and the run completed as done, failed or cancelled.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AnalyzeResult, InferenceRun } from '../../../preload/api.ts';
import { pipelineFor } from '../../ai/analysis/pipelines.ts';
import { readSeriesVolume, SeriesVolumeError, type InstanceSource } from '../../ai/pipeline/readSeries.ts';
import { sessionPatchRunner } from '../../ai/pipeline/onnxRunner.ts';
import type { Volume } from '../../ai/pipeline/volume.ts';
import { runtimeVersion, sessionFor } from '../../ai/runtime/session.ts';
import { readStored } from '../../dicom/store.ts';
import { AppError, errorMessage } from '../../errors.ts';
import type { JobRunContext } from '../../jobs/kind.ts';
import type { CaseFile } from '../../library/caseFile.ts';
import type { RunEnd } from '../../library/repositories/inference.ts';
import { loadModel } from '../models.ts';
import { checkSeries } from './intendedUse.ts';
import { storeRunMask } from './storeMask.ts';

export interface AnalyzeJobInput {
  caseId: string;
  SeriesInstanceUID: string;
  modelId: string;
  /** Run even when the series is outside the model's intended use; the run and its results say so. */
  force: boolean;
  /** Given by the caller so that it can settle the run if this process dies; made here otherwise. */
  runId?: string;
  /** onnxruntime threads inside one operator (default 2: runs comparable across machines, the UI keeps cores). */
  threads?: number;
}

/** The process's peak resident memory (VmHWM, MB): ru_maxrss would carry the parent's across exec. */
function peakRssMb(): number | null {
  try {
    const match = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return Math.round(process.resourceUsage().maxRSS / 1024);
  }
}

/** sha256 of the voxels as the model receives them (Int16 or Float32, little-endian, x fastest). */
const voxelHash = (volume: Volume): string => createHash('sha256').update(new Uint8Array(volume.voxels.buffer, volume.voxels.byteOffset, volume.voxels.byteLength)).digest('hex');

function sourcesOf(ctx: JobRunContext, caseFile: CaseFile, seriesInstanceUID: string): Array<InstanceSource & { SOPInstanceUID: string }> {
  const images = caseFile.imaging.listInstances(seriesInstanceUID).filter((i) => i.Rows > 0);
  if (images.length === 0) throw new AppError('not-found', `Series ${seriesInstanceUID} has no images in this patient's case.`);
  return images.map((image) => ({
    SOPInstanceUID: image.SOPInstanceUID,
    read: async () => {
      const storePath = caseFile.imaging.storePath(image.SOPInstanceUID);
      if (!storePath) throw new AppError('not-found', `Image ${image.SOPInstanceUID} of the series is missing from the store.`);
      return new Uint8Array(await readStored(ctx.dataDir, caseFile.storeKey, storePath));
    },
  }));
}

export async function runAnalysis(ctx: JobRunContext, input: AnalyzeJobInput): Promise<AnalyzeResult> {
  if (!ctx.library.hasCase(input.caseId)) throw new AppError('not-found', 'This patient is not in the library any more.');
  const caseFile = ctx.library.openCase(input.caseId);
  const sources = sourcesOf(ctx, caseFile, input.SeriesInstanceUID);
  // Verified against the library's record before anything is recorded: a changed model leaves no run.
  const model = loadModel(ctx.library, input.modelId);
  const pipeline = pipelineFor(model.manifest);
  const { id, version, sha256 } = model.record;
  const check = await checkSeries(model.manifest, sources, ctx.signal, (done, total) => ctx.progress({ phase: 'checking intended use', done, total }));
  if (check.warnings.length > 0 && !input.force) {
    caseFile.audit('inference.refused', ctx.actor, { model: { id, version, sha256 }, SeriesInstanceUID: input.SeriesInstanceUID, warnings: check.warnings });
    throw new AppError('intended-use-mismatch', `Series ${input.SeriesInstanceUID} is outside the intended use of ${id} ${version}: ${check.warnings.join(' ')} Nothing was run; run it anyway with --force and its results will carry these warnings.`);
  }
  const threads = input.threads ?? 2;
  const runId = input.runId ?? randomUUID();
  const parameters = { ...pipeline.parameters(model.manifest), threads, intendedUse: { forced: input.force, image: check.image, tags: check.tags } };
  caseFile.inference.begin({
    runId, model: { id, version, sha256 }, SeriesInstanceUIDs: [input.SeriesInstanceUID], runtime: { name: 'onnxruntime-node', version: runtimeVersion() },
    parameters, warnings: check.warnings, outsideIntendedUse: check.warnings.length > 0, startedAt: new Date().toISOString(), startedBy: ctx.actor,
  });
  let inputGrid: InferenceRun['input'] = null;
  let voxelsSha256: string | null = null;
  const end = (status: 'done' | 'failed' | 'cancelled', rest: { warnings?: string[]; biomarkers?: AnalyzeResult['biomarkers']; findings?: RunEnd['findings']; error?: string }): void => {
    caseFile.inference.finish(runId, {
      status, endedAt: new Date().toISOString(), inputVoxelsSha256: voxelsSha256, input: inputGrid, warnings: [...check.warnings, ...(rest.warnings ?? [])],
      biomarkers: rest.biomarkers ?? null, findings: rest.findings ?? [], error: rest.error ?? null, peakRssMb: peakRssMb(),
    }, ctx.actor);
  };
  try {
    ctx.progress({ phase: 'reading series', done: 0, total: sources.length });
    const volume = await readSeriesVolume(sources, { signal: ctx.signal });
    voxelsSha256 = voxelHash(volume);
    inputGrid = { dims: [...volume.dims], spacingMm: [...volume.spacing], voxelType: volume.voxels instanceof Int16Array ? 'int16' : 'float32' };
    const session = await sessionFor(model, { intraOpNumThreads: threads });
    const runPatch = sessionPatchRunner(session, model.manifest.inputs[0]?.name ?? '', model.manifest.outputs[0]?.name ?? '');
    const output = await pipeline.run(volume, runPatch, model.manifest, { signal: ctx.signal, onProgress: (done, total) => ctx.progress({ phase: 'inference', done, total }) });
    ctx.signal.throwIfAborted();
    // The labels are kept (encrypted, atomically) before the run is done; its row points at them after.
    const mask = output.labels ? await storeRunMask(ctx.dataDir, caseFile, runId, input.SeriesInstanceUID, volume, sources.map((s) => s.SOPInstanceUID), output.labels, model.manifest, output.maskLabels) : null;
    end('done', output);
    if (mask) caseFile.inferenceMasks.add(mask);
  } catch (error) {
    if (ctx.signal.aborted) {
      end('cancelled', {});
      return resultOf(caseFile, runId, input.SeriesInstanceUID, true);
    }
    end('failed', { error: errorMessage(error) });
    if (error instanceof SeriesVolumeError) throw new AppError('series-not-volume', error.message);
    throw error;
  }
  return resultOf(caseFile, runId, input.SeriesInstanceUID, false);
}

function resultOf(caseFile: CaseFile, runId: string, series: string, cancelled: boolean): AnalyzeResult {
  const provenance = caseFile.inference.get(runId);
  if (!provenance) throw new Error(`Run ${runId} was not recorded.`);
  return {
    runId, caseId: caseFile.caseId, model: provenance.model, series, ...(cancelled ? { cancelled: true } : {}),
    biomarkers: provenance.biomarkers ?? [], findings: caseFile.inference.findings(runId), warnings: provenance.warnings, provenance,
  };
}
