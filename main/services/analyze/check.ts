// The intended-use check the AI tab shows before a run (analyze.check), and the start of a run through the
// API (analyze.start): the same check as the analyze job's (intendedUse.ts, 24 sampled slices of the
// stored series), so that a clinician sees the warnings and decides before anything runs. The check
// decodes those slices (0.4-1 s), so it runs as an 'analyze-check' job in a worker thread, never on the
// host's main thread, which serves every other call and image meanwhile.
import type { AnalyzeCheck, JobStatus } from '../../../preload/api.ts';
import type { InstanceSource } from '../../ai/pipeline/readSeries.ts';
import type { Core } from '../../core.ts';
import { readStored } from '../../dicom/store.ts';
import { AppError } from '../../errors.ts';
import type { JobRunContext } from '../../jobs/kind.ts';
import type { Library } from '../../library/library.ts';
import { loadModel } from '../models.ts';
import { checkSeries } from './intendedUse.ts';
import { startAnalysis } from './index.ts';

export interface SeriesModel { caseId: string; SeriesInstanceUID: string; modelId: string }

function storedSources(dataDir: string, library: Library, caseId: string, seriesInstanceUID: string): InstanceSource[] {
  if (!library.hasCase(caseId)) throw new AppError('not-found', 'This patient is not in the library any more.');
  const caseFile = library.openCase(caseId);
  const images = caseFile.imaging.listInstances(seriesInstanceUID).filter((i) => i.Rows > 0);
  if (images.length === 0) throw new AppError('not-found', `Series ${seriesInstanceUID} has no images in this patient's case.`);
  return images.map((image) => ({
    read: async () => {
      const storePath = caseFile.imaging.storePath(image.SOPInstanceUID);
      if (!storePath) throw new AppError('not-found', `Image ${image.SOPInstanceUID} of the series is missing from the store.`);
      return new Uint8Array(await readStored(dataDir, caseFile.storeKey, storePath));
    },
  }));
}

/** The check itself, where the 'analyze-check' job runs it (a worker thread). */
export async function runCheck(ctx: JobRunContext, request: SeriesModel): Promise<AnalyzeCheck> {
  const sources = storedSources(ctx.dataDir, ctx.library, request.caseId, request.SeriesInstanceUID);
  const model = loadModel(ctx.library, request.modelId);
  const check = await checkSeries(model.manifest, sources, ctx.signal, (done, total) => ctx.progress({ phase: 'checking intended use', done, total }));
  return { model: { id: model.record.id, version: model.record.version }, SeriesInstanceUID: request.SeriesInstanceUID, warnings: check.warnings };
}

/** The job's report, or its error as the AppError it was (a refused model, a missing series). */
export function reportOf<R>(status: Pick<JobStatus, 'kind' | 'state' | 'error'> & { report: R | null }): R {
  if (status.state === 'done' && status.report) return status.report;
  throw new AppError(status.error?.code ?? 'internal', status.error?.message ?? `The ${status.kind} job ended ${status.state}.`);
}

/** The model's intended-use warnings for the series; nothing is run or recorded. */
export async function checkBeforeRun(core: Core, request: SeriesModel): Promise<AnalyzeCheck> {
  const { caseId, SeriesInstanceUID, modelId } = request;
  const jobId = core.jobs.start('analyze-check', { caseId, SeriesInstanceUID, modelId }, { actor: core.actor });
  return reportOf(await core.jobs.wait<'analyze-check'>(jobId));
}

/** Starts a run; without `force`, a series the check warns about is refused before a job starts (and
 *  the job checks again: what it runs on is what it checked). */
export async function startChecked(core: Core, request: SeriesModel & { force: boolean }): Promise<{ jobId: string }> {
  if (!request.force) {
    const check = await checkBeforeRun(core, request);
    if (check.warnings.length > 0) {
      throw new AppError('intended-use-mismatch', `The series is outside the intended use of ${check.model.id} ${check.model.version}: ${check.warnings.join(' ')} Nothing was run; run it anyway and its results will carry these warnings.`);
    }
  }
  const handle = startAnalysis(core, request);
  // The job's end is followed by job.progress; settling a crashed run must not become an unhandled rejection.
  handle.finished.catch((error: unknown) => console.error('[analyze] settling the run failed:', error));
  return { jobId: handle.jobId };
}
