// Long work as jobs in worker threads: progress (done/total, phase), cancellation, a final report.
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { JobStatus } from '../../preload/api.ts';
import { AppError } from '../errors.ts';
import type { WorkerInput, WorkerMessage } from './messages.ts';

export type JobListener = (status: JobStatus) => void;

// Run from source (.ts, Node strips the types) or from the bundle (out/main/*.js) alike.
const sourceExtension = import.meta.url.endsWith('.ts') ? 'ts' : 'mjs';
const importWorkerUrl = new URL(`./importWorker.${sourceExtension}`, import.meta.url);

interface RunningJob {
  status: JobStatus;
  worker: Worker | null;
  finished: Promise<JobStatus>;
}

export class JobManager {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly listeners = new Set<JobListener>();
  private readonly dataDir: string;
  private readonly masterKey: Buffer;

  constructor(dataDir: string, masterKey: Buffer) {
    this.dataDir = dataDir;
    this.masterKey = masterKey;
  }

  onChange(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(status: JobStatus): void {
    for (const listener of this.listeners) listener({ ...status });
  }

  /** `displayPath` turns a path in the report into what the user chose (for uploaded, staged files). */
  startImport(paths: string[], options: { actor: string; onFinish?: () => void; displayPath?: (path: string) => string }): string {
    const jobId = randomUUID();
    const input: WorkerInput = { dataDir: this.dataDir, masterKeyHex: this.masterKey.toString('hex'), paths, actor: options.actor };
    const worker = new Worker(importWorkerUrl, { workerData: input });
    const status: JobStatus = { jobId, kind: 'import', state: 'running', phase: 'starting', done: 0, total: 0, report: null, error: null };
    const finished = new Promise<JobStatus>((resolve) => {
      const finish = (): void => {
        options.onFinish?.();
        this.emit(status);
        resolve({ ...status });
      };
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') {
          Object.assign(status, { phase: message.phase, done: message.done, total: message.total });
          this.emit(status);
        } else if (message.type === 'done') {
          const relabel = options.displayPath ?? ((p: string) => p);
          status.report = { ...message.report, failed: message.report.failed.map((f) => ({ ...f, path: relabel(f.path) })) };
          status.state = message.report.cancelled ? 'cancelled' : 'done';
          status.phase = status.state;
        } else {
          status.state = 'failed';
          status.error = { code: message.code, message: message.message };
        }
      });
      worker.on('error', (error) => {
        status.state = 'failed';
        status.error = { code: 'worker-crashed', message: `The import stopped: ${error.message}` };
      });
      worker.on('exit', () => {
        if (status.state === 'running') {
          status.state = 'failed';
          status.error ??= { code: 'worker-exited', message: 'The import stopped before it finished.' };
        }
        finish();
      });
    });
    this.jobs.set(jobId, { status, worker, finished });
    this.emit(status);
    return jobId;
  }

  get(jobId: string): JobStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not-found', `No job ${jobId}.`);
    return { ...job.status };
  }

  cancel(jobId: string): JobStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not-found', `No job ${jobId}.`);
    if (job.status.state === 'running') job.worker?.postMessage({ type: 'cancel' });
    return { ...job.status };
  }

  wait(jobId: string): Promise<JobStatus> {
    const job = this.jobs.get(jobId);
    if (!job) throw new AppError('not-found', `No job ${jobId}.`);
    return job.finished;
  }

  async close(): Promise<void> {
    await Promise.all([...this.jobs.values()].map(async (job) => job.worker?.terminate()));
  }
}
