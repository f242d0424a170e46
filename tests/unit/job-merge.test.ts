// How the renderer takes in job news (renderer/src/state/jobMerge.ts): events and a list re-read after
// a reconnect can arrive in either order, and the status bar shows the last job to finish.
import { describe, expect, it } from 'vitest';
import type { JobState, JobStatus } from '../../preload/api.ts';
import { mergeJobs } from '../../renderer/src/state/jobMerge.ts';

const job = (jobId: string, state: JobState, done = 0): JobStatus => ({ jobId, kind: 'import', state, phase: state, done, total: 10, report: null, error: null });

describe('merging job statuses', () => {
  // Failing: a list answer that left before the "done" event would put the progress bar back up.
  it('never moves a job back from finished to running, nor from running to queued', () => {
    let jobs = mergeJobs({}, [job('a', 'running', 3)]);
    jobs = mergeJobs(jobs, [job('a', 'done', 10)]);
    jobs = mergeJobs(jobs, [job('a', 'running', 5), job('a', 'queued')]);
    expect(jobs.a?.state).toBe('done');
  });

  // Failing: the bar would freeze at the first progress it heard of.
  it('takes progress within a state', () => {
    const jobs = mergeJobs(mergeJobs({}, [job('a', 'running', 3)]), [job('a', 'running', 7)]);
    expect(jobs.a?.done).toBe(7);
  });

  // Failing: after two imports the bar could show the result of the one that finished first.
  it('keeps finished jobs in the order they finished', () => {
    let jobs = mergeJobs({}, [job('first', 'running'), job('second', 'running')]);
    jobs = mergeJobs(jobs, [job('second', 'done')]);
    jobs = mergeJobs(jobs, [job('first', 'cancelled')]);
    expect(Object.keys(jobs)).toEqual(['second', 'first']);
  });
});
