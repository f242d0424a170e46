// Running a model on a series (issue 14, items 2, 6, 8), as the CLI does it and the API will: find the
// case that holds the series, check the model was imported, start the analyze job (a child process),
// and settle its run if that process died without completing it. Never loads onnxruntime itself: the
// run happens in the job's process (runAnalysis.ts).
import { randomUUID } from 'node:crypto';
import type { AnalyzeResult, JobStatus } from '../../../preload/api.ts';
import type { Core } from '../../core.ts';
import { AppError } from '../../errors.ts';
import type { Library } from '../../library/library.ts';

export interface AnalyzeRequest {
  SeriesInstanceUID: string;
  modelId: string;
  force: boolean;
  /** The case holding the series; looked up across the library when not given. */
  caseId?: string;
}

export interface AnalyzeHandle {
  jobId: string;
  runId: string;
  caseId: string;
  /** The job's final status, after its run was settled. */
  finished: Promise<Extract<JobStatus, { kind: 'analyze' }>>;
}

/** The case that holds a series: each case file is asked (one open each; a series UID is in one case). */
export function caseOfSeries(library: Library, seriesInstanceUID: string): string {
  for (const caseId of library.caseIds()) {
    if (library.openCase(caseId).imaging.listInstances(seriesInstanceUID).length > 0) return caseId;
  }
  throw new AppError('not-found', `No series ${seriesInstanceUID} in the library: "precis series --patient ID" lists a patient's series with their UIDs.`);
}

function requireImported(library: Library, modelId: string): void {
  if (library.models.list().some((r) => r.id === modelId)) return;
  throw new AppError('not-found', `Model ${modelId} has not been imported into this data directory: import its folder first with "precis models import DIR" (e.g. models/${modelId}); "precis models" lists the imported ones.`);
}

/** A run the job's process left 'running' (it crashed or was killed) is recorded as failed with the job's reason. */
function settle(library: Library, caseId: string, runId: string, status: JobStatus, actor: string): void {
  if (status.state !== 'failed') return;
  const run = library.openCase(caseId).inference.get(runId);
  if (run?.status !== 'running') return;
  library.openCase(caseId).inference.finish(runId, {
    status: 'failed', endedAt: new Date().toISOString(), inputVoxelsSha256: null, input: null, warnings: run.warnings, biomarkers: null, findings: [],
    error: status.error?.message ?? 'The run stopped without a result.', peakRssMb: null,
  }, actor);
}

export function startAnalysis(core: Core, request: AnalyzeRequest): AnalyzeHandle {
  const caseId = request.caseId ?? caseOfSeries(core.library, request.SeriesInstanceUID);
  requireImported(core.library, request.modelId);
  const runId = randomUUID();
  const input = { caseId, SeriesInstanceUID: request.SeriesInstanceUID, modelId: request.modelId, force: request.force, runId };
  const jobId = core.jobs.start('analyze', input, { actor: core.actor });
  const finished = core.jobs.wait<'analyze'>(jobId).then((status) => {
    settle(core.library, caseId, runId, status, core.actor);
    return status;
  });
  return { jobId, runId, caseId, finished };
}

/** What `precis analyze --json` prints. */
export function analyzeJson(result: AnalyzeResult): string {
  const { runId, caseId, model, series, biomarkers, findings, warnings, provenance } = result;
  return JSON.stringify({ runId, caseId, model, series, biomarkers, findings, warnings, provenance });
}
