// Worker thread that runs one import, so the main process (and the UI) stay responsive.
// It opens its own connections to the library and case files (WAL allows that).
import { parentPort, workerData } from 'node:worker_threads';
import { importDicom } from '../dicom/importer.ts';
import { Library } from '../library/index.ts';
import { errorMessage } from '../errors.ts';
import type { WorkerInput, WorkerMessage } from './messages.ts';

const input = workerData as WorkerInput;
const controller = new AbortController();
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);

parentPort?.on('message', (message: { type: string }) => {
  if (message.type === 'cancel') controller.abort();
});

let lastPost = 0;
const library = Library.open(input.dataDir, Buffer.from(input.masterKeyHex, 'hex'));
try {
  const report = await importDicom(library, input.paths, {
    signal: controller.signal,
    actor: input.actor,
    onProgress: (progress) => {
      // At most ~20 messages a second; the last of each phase always goes.
      const now = Date.now();
      if (now - lastPost < 50 && progress.done !== progress.total) return;
      lastPost = now;
      post({ type: 'progress', ...progress });
    },
  });
  post({ type: 'done', report });
} catch (error) {
  post({ type: 'error', code: (error as { code?: string }).code ?? 'import-failed', message: errorMessage(error) });
} finally {
  library.close();
  // The cancel listener would keep this thread alive; the work is done.
  parentPort?.unref();
}
