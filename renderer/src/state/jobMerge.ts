// How the renderer's list of jobs takes in news: `job.progress` events and, after the event stream was
// lost, a re-read `jobs.list`. Both can arrive in either order (a list requested before an event can
// answer after it), so a status never moves a job back: queued < running < finished.
import type { JobState, JobStatus } from '../../../preload/api.ts';

const RANK: Record<JobState, number> = { queued: 0, running: 1, done: 2, failed: 2, cancelled: 2 };

export function isFinished(status: JobStatus): boolean {
  return RANK[status.state] === 2;
}

/** Whether `next` says something newer than `known` about the same job. */
function isNews(known: JobStatus | undefined, next: JobStatus): boolean {
  if (!known) return true;
  if (RANK[next.state] !== RANK[known.state]) return RANK[next.state] > RANK[known.state];
  return !isFinished(known); // progress within a state is news; a finished job's outcome is final
}

/**
 * The jobs after `statuses`, in the order they finished (running ones keep their place): a job that
 * finishes moves to the end, so the last finished job is the last entry, whatever order they started in.
 */
export function mergeJobs(jobs: Record<string, JobStatus>, statuses: readonly JobStatus[]): Record<string, JobStatus> {
  let next = jobs;
  for (const status of statuses) {
    const known = next[status.jobId];
    if (!isNews(known, status)) continue;
    if (known && isFinished(status)) {
      const { [status.jobId]: _moved, ...rest } = next;
      next = { ...rest, [status.jobId]: status };
    } else next = { ...next, [status.jobId]: status };
  }
  return next;
}
