// The renderer follows the app by events, not by polling: jobs from `job.progress`, the library from
// `library.changed`. Events missed while the stream was down (web host: a dropped connection) are made
// good on reconnect by re-reading what is followed, so a lost "done" never leaves a stale progress bar.
import type { JobStatus, PrecisClient } from '../../../preload/api.ts';
import { refreshLibrary } from '../commands.ts';
import { isFinished, mergeJobs } from '../state/jobMerge.ts';
import { getState, setState } from '../state/store.ts';

/** Jobs that had finished before this page opened: history, not news, so never shown as the last result. */
const finishedBeforeStart = new Set<string>();

function applyJobs(statuses: readonly JobStatus[]): void {
  const fresh = statuses.filter((s) => !finishedBeforeStart.has(s.jobId));
  if (fresh.length > 0) setState({ jobs: mergeJobs(getState().jobs, fresh) });
}

function reportError(error: unknown): void {
  setState({ error: error instanceof Error ? error.message : String(error) });
}

/** Jobs already queued or running when the page opens (e.g. after a reload during an import). */
async function readJobsAtStart(client: PrecisClient): Promise<void> {
  const list = await client.jobs.list({});
  for (const status of list) if (isFinished(status) && !getState().jobs[status.jobId]) finishedBeforeStart.add(status.jobId);
  applyJobs(list);
}

/** After a drop: every job's current status (finished ones included) and the library, re-read; the
 *  jobs are shown after the library, which is then at least as new as they are. */
async function resync(client: PrecisClient): Promise<void> {
  const list = await client.jobs.list({});
  await refreshLibrary();
  applyJobs(list);
}

/** The cases a finished job changed, by kind (main/jobs kinds' `changedCases`). */
function casesChangedBy(status: JobStatus): string[] {
  return status.kind === 'import' && status.state !== 'failed' ? (status.report?.caseIds ?? []) : [];
}

/**
 * The refresh started for a job that just finished. The host announces the job's cases right after its
 * last status (main/jobs/jobManager.ts: job.progress, then library.changed), so the announcement that
 * follows it directly is the same news and shares the refresh instead of reading the library twice.
 */
let unannounced: { caseIds: readonly string[] } | null = null;

function onLibraryChanged(caseIds: readonly string[]): void {
  const own = unannounced && caseIds.every((id) => unannounced?.caseIds.includes(id));
  unannounced = null;
  if (!own) void refreshLibrary(caseIds);
}

/** A job that changed cases shows as finished once the library shows those changes (a result naming
 *  "3 imported" next to a list without them would send the user looking for patients not there yet). */
function onJobProgress(status: JobStatus): void {
  unannounced = null;
  const changed = isFinished(status) ? casesChangedBy(status) : [];
  if (changed.length === 0) return applyJobs([status]);
  unannounced = { caseIds: changed };
  void refreshLibrary(changed).finally(() => applyJobs([status]));
}

/** Subscribes once, at start; the client opens its event stream on the first subscription. */
export function followEvents(client: PrecisClient): void {
  client.on('job.progress', onJobProgress);
  client.on('library.changed', ({ caseIds }) => onLibraryChanged(caseIds));
  client.onReconnect(() => void resync(client).catch(reportError));
  void readJobsAtStart(client).catch(reportError);
}
