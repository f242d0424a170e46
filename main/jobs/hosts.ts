// Starting a job where its kind runs it: a worker thread or a child process. Both report the same
// messages, and how the host ended when it ended without a result (a throw is a message; an exit, a
// crash or a native abort is an end), so the manager fails the job with the reason and goes on. A
// thread that finished a job cleanly is kept for the next one (ThreadPool); one that failed is not.
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
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

/** Idle job threads, kept for the next thread job: at most a few, each for a minute at most. */
export class ThreadPool {
  private readonly idle = new Set<Worker>();
  private readonly timers = new Map<Worker, NodeJS.Timeout>();

  take(): Worker {
    const worker = this.idle.values().next().value;
    if (!worker) return new Worker(hostEntry('thread'));
    this.idle.delete(worker);
    clearTimeout(this.timers.get(worker));
    this.timers.delete(worker);
    worker.ref();
    return worker;
  }

  give(worker: Worker): void {
    if (this.idle.size >= MAX_IDLE_THREADS) {
      void worker.terminate();
      return;
    }
    worker.unref(); // an idle thread never keeps the process alive
    this.idle.add(worker);
    const timer = setTimeout(() => this.drop(worker), IDLE_THREAD_MS);
    timer.unref();
    this.timers.set(worker, timer);
  }

  private drop(worker: Worker): void {
    if (!this.idle.delete(worker)) return;
    clearTimeout(this.timers.get(worker));
    this.timers.delete(worker);
    void worker.terminate();
  }

  async close(): Promise<void> {
    const workers = [...this.idle];
    for (const worker of workers) clearTimeout(this.timers.get(worker));
    this.idle.clear();
    this.timers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

const MAX_IDLE_THREADS = 2;
const IDLE_THREAD_MS = 60_000;

function startThread(start: JobStart, events: HostEvents, pool: ThreadPool): JobHostHandle {
  const worker = pool.take();
  let failure: string | null = null;
  let ended = false;
  const detach = (): void => {
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
  };
  const end = (reason: string | null): void => {
    if (ended) return;
    ended = true;
    detach();
    events.end(reason);
  };
  function onMessage(message: JobMessage | { type: 'idle' }): void {
    if (message.type !== 'idle') return events.message(message);
    end(null);
    pool.give(worker);
  }
  function onError(error: Error): void {
    failure = `it stopped with an error: ${error.message}`;
  }
  function onExit(code: number): void {
    end(failure ?? (code === 0 ? null : `its worker thread exited with code ${code}`));
  }
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  worker.postMessage({ type: 'start', start });
  return {
    cancel: () => worker.postMessage({ type: 'cancel' }),
    terminate: async () => {
      if (ended) return;
      await worker.terminate();
    },
  };
}

/** A job's process yields the CPU to the viewer: on a machine with few cores a model run at the same
 *  priority halves the scroll rate (bench item ai-scroll). Where the OS refuses, it runs as is. */
function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, JOB_PROCESS_NICENESS);
  } catch {
    // Not permitted here (some sandboxes): the job still runs, at normal priority.
  }
}

const JOB_PROCESS_NICENESS = 10;

function startProcess(start: JobStart, events: HostEvents): JobHostHandle {
  // In Electron, process.execPath is Electron itself: run it as plain Node for the child.
  const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
  const child = fork(hostEntry('process'), [], { env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  lowerPriority(child.pid);
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

export function startHost(host: JobHost, start: JobStart, events: HostEvents, threads: ThreadPool): JobHostHandle {
  return host === 'thread' ? startThread(start, events, threads) : startProcess(start, events);
}
