// A job thread: it runs one job at a time for as long as the manager keeps it. Starts and cancellation
// arrive as messages; after each job it says 'idle' and waits for the next (a reused thread saves the
// next job the thread start and module loading, ~0.1 s per import).
import { parentPort } from 'node:worker_threads';
import { runJob, type JobStart } from './runtime.ts';

type Command = { type: 'start'; start: JobStart } | { type: 'cancel' };

let controller: AbortController | null = null;
parentPort?.on('message', (command: Command) => {
  if (command.type === 'cancel') controller?.abort();
  else if (command.type === 'start' && controller === null) {
    const running = new AbortController();
    controller = running;
    void runJob(command.start, (message) => parentPort?.postMessage(message), running.signal).finally(() => {
      controller = null;
      parentPort?.postMessage({ type: 'idle' });
    });
  }
});
