// Starting a job where its kind runs it: a worker thread or a child process. Both report the same
// messages, and how the host ended when it ended without a result (a throw is a message; an exit, a
// crash or a native abort is an end), so the manager fails the job with the reason and goes on.
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { hostEntry, type JobHost } from './kind.ts';
import type { JobMessage, JobStart } from './runtime.ts';

export interface JobHostHandle {
  cancel(): void;
  terminate(): Promise<void>;
}

export interface HostEvents {
  message(message: JobMessage): void;
  /** Always called once, last; `reason` is set when the host ended abnormally. */
  end(reason: string | null): void;
}

function startThread(start: JobStart, events: HostEvents): JobHostHandle {
  const worker = new Worker(hostEntry('thread'), { workerData: start });
  let failure: string | null = null;
  worker.on('message', events.message);
  worker.on('error', (error) => (failure = `it stopped with an error: ${error.message}`));
  worker.on('exit', (code) => events.end(failure ?? (code === 0 ? null : `its worker thread exited with code ${code}`)));
  return { cancel: () => worker.postMessage({ type: 'cancel' }), terminate: async () => void (await worker.terminate()) };
}

function startProcess(start: JobStart, events: HostEvents): JobHostHandle {
  // In Electron, process.execPath is Electron itself: run it as plain Node for the child.
  const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
  const child = fork(hostEntry('process'), [], { env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let ended = false;
  child.on('message', (message) => events.message(message as JobMessage));
  const end = (reason: string | null): void => {
    if (ended) return;
    ended = true;
    events.end(reason);
  };
  child.on('error', (error) => end(`its process could not run: ${error.message}`));
  child.on('exit', (code, signal) => end(signal ? `its process was ended by ${signal}` : code === 0 ? null : `its process exited with code ${code}`));
  child.send({ type: 'start', start });
  return {
    cancel: () => child.connected && child.send({ type: 'cancel' }),
    terminate: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export function startHost(host: JobHost, start: JobStart, events: HostEvents): JobHostHandle {
  return host === 'thread' ? startThread(start, events) : startProcess(start, events);
}
