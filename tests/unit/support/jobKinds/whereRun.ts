// A job runner that says which thread ran it and how many jobs that thread's copy of this module ran.
import { threadId } from 'node:worker_threads';
import type { JobRun } from '../../../../main/jobs/kind.ts';

let jobsInThisThread = 0;

export const run: JobRun<Record<string, never>, { threadId: number; jobsInThisThread: number }> = async () => ({
  threadId,
  jobsInThisThread: ++jobsInThisThread,
});
