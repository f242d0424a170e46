// Job runners that fail on purpose, the three ways a job can end without a result.
import type { JobRun } from '../../../../main/jobs/kind.ts';
import { AppError } from '../../../../main/errors.ts';

/** Throws: the job fails with the error's code and sentence. */
export const run: JobRun<{ how: 'throw' | 'exit' | 'abort' }, { ok: true }> = async (ctx, input) => {
  ctx.progress({ phase: 'about to fail', done: 1, total: 2 });
  if (input.how === 'throw') throw new AppError('invalid-argument', 'The test input cannot be read.');
  // In a worker thread, process.exit ends the thread, not the app.
  if (input.how === 'exit') process.exit(3);
  // A native abort (SIGABRT), as a crashing native module would: only a child process survives it.
  process.abort();
};
