// A job in a worker thread: the start arrives as workerData, cancellation as a message.
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type JobStart } from './runtime.ts';

const controller = new AbortController();
parentPort?.on('message', (message: { type?: string }) => {
  if (message?.type === 'cancel') controller.abort();
});
await runJob(workerData as JobStart, (message) => parentPort?.postMessage(message), controller.signal);
// The cancel listener would keep this thread alive; the work is done.
parentPort?.unref();
