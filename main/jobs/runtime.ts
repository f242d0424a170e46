// The start-up every job shares, in its worker thread or child process: open the library with the
// key, load the kind's runner, throttle progress, turn every failure into { code, message }.
import { Library } from '../library/index.ts';
import { errorMessage } from '../errors.ts';
import type { JobProgress, JobRun } from './kind.ts';

export interface JobStart {
  kind: string;
  /** URL of the runner module. */
  runner: string;
  dataDir: string;
  masterKeyHex: string;
  actor: string;
  input: unknown;
}

export type JobMessage =
  | ({ type: 'progress' } & JobProgress)
  | { type: 'done'; result: unknown }
  | { type: 'error'; code: string; message: string };

const PROGRESS_INTERVAL_MS = 50;

export async function runJob(start: JobStart, post: (message: JobMessage) => void, signal: AbortSignal): Promise<void> {
  const masterKey = Buffer.from(start.masterKeyHex, 'hex');
  let library: Library | null = null;
  let lastPost = 0;
  const progress = (p: JobProgress): void => {
    const now = Date.now();
    if (now - lastPost < PROGRESS_INTERVAL_MS && p.done !== p.total) return;
    lastPost = now;
    post({ type: 'progress', phase: p.phase, done: p.done, total: p.total });
  };
  try {
    library = Library.open(start.dataDir, masterKey);
    const { run } = (await import(start.runner)) as { run: JobRun<unknown, unknown> };
    const result = await run({ dataDir: start.dataDir, masterKey, library, actor: start.actor, signal, progress }, start.input);
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'error', code: (error as { code?: string }).code ?? 'job-failed', message: errorMessage(error) });
  } finally {
    library?.close();
  }
}
